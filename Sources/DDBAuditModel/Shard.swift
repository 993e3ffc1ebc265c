import Crypto

/// One of N parts of a table, for running ddbaudit on many machines (docs/scale.md): the
/// chains (for unchained tables, the partition keys) whose SHA-256 falls in part `index`.
///
/// A chain is never split, so each part verifies on its own, and `ddbaudit merge` combines the
/// parts' results into the result of the whole.
package struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// 0 ..< count, as `$JOB_COMPLETION_INDEX` and `$AWS_BATCH_JOB_ARRAY_INDEX` count.
  package let index: Int
  package let count: Int

  /// At most this many parts.
  package static let maximumCount = 4096

  package init?(index: Int, count: Int) {
    guard (1...Self.maximumCount).contains(count), (0..<count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// `K/N`, as `--shard` takes it and the store and results record it.
  package init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let k = Int(parts[0]), let n = Int(parts[1])
    else { return nil }
    self.init(index: k, count: n)
  }

  package var description: String { "\(index)/\(count)" }

  /// The part a chain id or partition key belongs to: the first 8 bytes of the SHA-256 of its
  /// UTF-8, big-endian, modulo `count`.
  package static func part(of unit: String, count: Int) -> Int {
    let digest = SHA256.hash(data: Array(unit.utf8))
    let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    return Int(prefix % UInt64(count))
  }

  package func holds(_ unit: String) -> Bool { Self.part(of: unit, count: count) == index }
}
