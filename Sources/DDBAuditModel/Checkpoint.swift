import Foundation

/// The body of a C2SP `tlog-checkpoint`: the log's origin, its size (leaf count), its root,
/// and extension lines. ddbaudit writes one extension line, binding the checkpoint to its
/// chain state (docs/checkpoint.md): `ddbaudit-chain-state sha256:<hex>`.
package struct Checkpoint: Sendable, Equatable {
  package var origin: String
  package var size: UInt64
  package var root: Merkle.Hash
  package var extensions: [String]

  package init(origin: String, size: UInt64, root: Merkle.Hash, extensions: [String] = []) {
    self.origin = origin
    self.size = size
    self.root = root
    self.extensions = extensions
  }

  /// The prefix of ddbaudit's extension line.
  package static let stateExtension = "ddbaudit-chain-state sha256:"

  /// The SHA-256 (hex) of the chain state this checkpoint names, if it names one.
  package var stateDigest: String? {
    extensions.lazy.compactMap { line in
      line.hasPrefix(Self.stateExtension) ? String(line.dropFirst(Self.stateExtension.count)) : nil
    }.first
  }

  /// The note text: every line ends with a newline.
  package var text: String {
    ([origin, String(size), Data(root).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
  }

  /// Parses a checkpoint's note text.
  package init(text: String) throws(NoteError) {
    guard text.hasSuffix("\n") else { throw .malformedNote("a checkpoint ends with a newline") }
    let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count >= 3 else { throw .malformedNote("a checkpoint has an origin, a size and a root hash, one per line") }
    guard !lines[0].isEmpty else { throw .malformedNote("the checkpoint's origin is empty") }
    let size = lines[1]
    guard let n = UInt64(size), String(n) == size else {
      throw .malformedNote("the checkpoint's size \"\(size)\" is not a decimal number without leading zeros")
    }
    guard let root = Data(base64Encoded: lines[2]), root.count == 32 else {
      throw .malformedNote("the checkpoint's root is not the base64 of 32 bytes")
    }
    guard !lines.dropFirst(3).contains(where: \.isEmpty) else { throw .malformedNote("a checkpoint extension line is empty") }
    self.init(origin: lines[0], size: n, root: Array(root), extensions: Array(lines.dropFirst(3)))
  }

  /// The default origin of a table's log: from its ARN
  /// (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME` gives `dynamodb.REGION.amazonaws.com/ACCOUNT/NAME`),
  /// else `ddbaudit.invalid/table/NAME` (no ARN was in its exports).
  package static func defaultOrigin(table: String, tableArn: String?) -> String {
    if let arn = tableArn {
      let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
      if parts.count == 6, parts[0] == "arn", parts[2] == "dynamodb", parts[5].hasPrefix("table/") {
        let name = parts[5].dropFirst("table/".count).split(separator: "/").first.map(String.init) ?? table
        return "dynamodb.\(parts[3]).amazonaws.com/\(parts[4])/\(name)"
      }
    }
    return "ddbaudit.invalid/table/\(table)"
  }
}
