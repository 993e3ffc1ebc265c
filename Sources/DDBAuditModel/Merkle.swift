import Crypto

/// Merkle tree hashing, proofs and their verification exactly as RFC 9162 §2.1 (the tree of
/// RFC 6962): a leaf hashes as `SHA-256(0x00 || data)`, a node as `SHA-256(0x01 || left ||
/// right)`, the empty tree as `SHA-256("")`, and a tree of n leaves splits at the largest
/// power of two below n. docs/checkpoint.md says how ddbaudit's logs use it.
///
/// Proofs are built from a source of subtree hashes (`MTH(D[a:b])`), so they can come from
/// leaves in memory, in a file, or from a compact range and the leaves appended after it.
package enum Merkle {
  /// A 32-byte SHA-256 hash.
  package typealias Hash = [UInt8]

  /// Why a proof was refused: always one of these, so a caller can say what failed.
  package enum ProofError: Error, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: UInt64, size: UInt64)
    case sizesOutOfOrder(first: UInt64, second: UInt64)
    case wrongLength(expected: Int, got: Int)
    case malformedHash(position: Int)
    case rootMismatch
    case firstRootMismatch
    case secondRootMismatch
    case nonEmptyProof

    package var description: String {
      switch self {
      case .indexOutOfRange(let index, let size): "leaf index \(index) is not below the tree size \(size)"
      case .sizesOutOfOrder(let first, let second): "the first size \(first) is larger than the second size \(second)"
      case .wrongLength(let expected, let got): "the proof has \(got) hashes where the sizes call for \(expected)"
      case .malformedHash(let position): "proof element \(position) is not a 32-byte hash"
      case .rootMismatch: "the proof leads to a different root than the checkpoint's"
      case .firstRootMismatch: "the proof does not lead to the first checkpoint's root"
      case .secondRootMismatch: "the proof does not lead to the second checkpoint's root"
      case .nonEmptyProof: "the proof should be empty for these sizes"
      }
    }
  }

  /// `SHA-256("")`: the root of the empty tree.
  package static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

  /// `SHA-256(0x00 || data)`.
  package static func leafHash(_ data: [UInt8]) -> Hash {
    var hasher = SHA256()
    hasher.update(data: [0x00])
    hasher.update(data: data)
    return Array(hasher.finalize())
  }

  /// `SHA-256(0x01 || left || right)`.
  package static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
    var hasher = SHA256()
    hasher.update(data: [0x01])
    hasher.update(data: left)
    hasher.update(data: right)
    return Array(hasher.finalize())
  }

  /// The largest power of two strictly below `n` (n ≥ 2).
  static func split(_ n: UInt64) -> UInt64 {
    var k: UInt64 = 1
    while k << 1 < n { k <<= 1 }
    return k
  }

  /// The root of the tree over `leafHashes` (for small trees and tests).
  package static func root(leafHashes: [Hash]) -> Hash {
    var range = CompactRange()
    for leaf in leafHashes { range.append(leafHash: leaf) }
    return range.root
  }

  // MARK: Building proofs (RFC 9162 §2.1.3.1, §2.1.4.1)

  /// The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, leaf to
  /// root. `subtree(a, b)` returns `MTH(D[a:b])`.
  package static func inclusionProof(
    index: UInt64, size: UInt64, subtree: (UInt64, UInt64) throws -> Hash
  ) throws -> [Hash] {
    guard index < size else { throw ProofError.indexOutOfRange(index: index, size: size) }
    var proof: [Hash] = []
    func path(_ m: UInt64, _ a: UInt64, _ b: UInt64) throws {
      let n = b - a
      guard n > 1 else { return }
      let k = split(n)
      if m < k {
        try path(m, a, a + k)
        proof.append(try subtree(a + k, b))
      } else {
        try path(m - k, a + k, b)
        proof.append(try subtree(a, a + k))
      }
    }
    try path(index, 0, size)
    return proof
  }

  /// The consistency proof from the tree of `first` leaves to the tree of `second` leaves.
  package static func consistencyProof(
    first: UInt64, second: UInt64, subtree: (UInt64, UInt64) throws -> Hash
  ) throws -> [Hash] {
    guard first <= second else { throw ProofError.sizesOutOfOrder(first: first, second: second) }
    guard first > 0, first < second else { return [] }
    var proof: [Hash] = []
    func subproof(_ m: UInt64, _ a: UInt64, _ b: UInt64, _ complete: Bool) throws {
      let n = b - a
      if m == n {
        if !complete { proof.append(try subtree(a, b)) }
        return
      }
      let k = split(n)
      if m <= k {
        try subproof(m, a, a + k, complete)
        proof.append(try subtree(a + k, b))
      } else {
        try subproof(m - k, a + k, b, false)
        proof.append(try subtree(a, a + k))
      }
    }
    try subproof(first, 0, second, true)
    return proof
  }

  // MARK: Verifying proofs (RFC 9162 §2.1.3.2, §2.1.4.2)

  /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`.
  /// Every element is used, and the path must end exactly at the root.
  package static func verifyInclusion(
    index: UInt64, size: UInt64, leafHash: Hash, proof: [Hash], root: Hash
  ) throws(ProofError) {
    guard index < size else { throw .indexOutOfRange(index: index, size: size) }
    try checkHashes(proof)
    let expected = inclusionLength(index: index, size: size)
    guard proof.count == expected else { throw .wrongLength(expected: expected, got: proof.count) }
    var fn = index, sn = size - 1
    var r = leafHash
    for p in proof {
      guard sn != 0 else { throw .wrongLength(expected: expected, got: proof.count) }
      if fn & 1 == 1 || fn == sn {
        r = nodeHash(p, r)
        if fn & 1 == 0 {
          while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
          }
        }
      } else {
        r = nodeHash(r, p)
      }
      fn >>= 1
      sn >>= 1
    }
    guard sn == 0 else { throw .wrongLength(expected: expected, got: proof.count) }
    guard r == root else { throw .rootMismatch }
  }

  /// Checks that the tree of `second` leaves with root `secondRoot` extends the tree of
  /// `first` leaves with root `firstRoot`.
  package static func verifyConsistency(
    first: UInt64, second: UInt64, firstRoot: Hash, secondRoot: Hash, proof: [Hash]
  ) throws(ProofError) {
    guard first <= second else { throw .sizesOutOfOrder(first: first, second: second) }
    try checkHashes(proof)
    if first == second {
      guard proof.isEmpty else { throw .nonEmptyProof }
      guard firstRoot == secondRoot else { throw .rootMismatch }
      return
    }
    if first == 0 {
      guard proof.isEmpty else { throw .nonEmptyProof }
      return
    }
    let expected = consistencyLength(first: first, second: second)
    guard proof.count == expected else { throw .wrongLength(expected: expected, got: proof.count) }
    var path = proof
    if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
    var fn = first - 1, sn = second - 1
    while fn & 1 == 1 {
      fn >>= 1
      sn >>= 1
    }
    var fr = path[0], sr = path[0]
    for c in path.dropFirst() {
      guard sn != 0 else { throw .wrongLength(expected: expected, got: proof.count) }
      if fn & 1 == 1 || fn == sn {
        fr = nodeHash(c, fr)
        sr = nodeHash(c, sr)
        if fn & 1 == 0 {
          while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
          }
        }
      } else {
        sr = nodeHash(sr, c)
      }
      fn >>= 1
      sn >>= 1
    }
    guard sn == 0 else { throw .wrongLength(expected: expected, got: proof.count) }
    guard fr == firstRoot else { throw .firstRootMismatch }
    guard sr == secondRoot else { throw .secondRootMismatch }
  }

  private static func checkHashes(_ proof: [Hash]) throws(ProofError) {
    for (k, hash) in proof.enumerated() where hash.count != 32 { throw .malformedHash(position: k) }
  }

  /// How many hashes the inclusion proof of `index` in a tree of `size` holds.
  static func inclusionLength(index: UInt64, size: UInt64) -> Int {
    var count = 0
    var m = index, n = size
    while n > 1 {
      let k = split(n)
      if m < k { n = k } else { m -= k; n -= k }
      count += 1
    }
    return count
  }

  /// How many hashes the consistency proof from `first` to `second` holds (0 < first < second).
  static func consistencyLength(first: UInt64, second: UInt64) -> Int {
    var count = 0
    var m = first, n = second, complete = true
    while m != n {
      let k = split(n)
      if m <= k { n = k } else { m -= k; n -= k; complete = false }
      count += 1
    }
    return complete ? count : count + 1
  }
}

/// The right edge of a Merkle tree: the roots of its largest perfect subtrees, left to right
/// (one per set bit of the size). It is all that is needed to append leaves and compute the
/// next root without the earlier leaves (transparency-dev/merkle's `compact` ranges).
package struct CompactRange: Sendable, Equatable {
  package private(set) var size: UInt64 = 0
  package private(set) var nodes: [Merkle.Hash] = []

  package init() {}

  /// The range of a tree of `size` leaves, from its subtree roots; nil when their count is
  /// not the number of set bits of `size` or one is not 32 bytes.
  package init?(size: UInt64, nodes: [Merkle.Hash]) {
    guard nodes.count == size.nonzeroBitCount, nodes.allSatisfy({ $0.count == 32 }) else { return nil }
    self.size = size
    self.nodes = nodes
  }

  package mutating func append(leafHash: Merkle.Hash) {
    var hash = leafHash
    var s = size
    while s & 1 == 1 {
      hash = Merkle.nodeHash(nodes.removeLast(), hash)
      s >>= 1
    }
    nodes.append(hash)
    size += 1
  }

  /// The tree's root.
  package var root: Merkle.Hash {
    guard var r = nodes.last else { return Merkle.emptyRoot }
    for node in nodes.dropLast().reversed() { r = Merkle.nodeHash(node, r) }
    return r
  }

  /// `MTH(D[a:b])` when [a, b) is exactly a run of consecutive subtrees of the range (their
  /// widths are distinct powers of two, largest first, so folding them from the right is
  /// the RFC 9162 split); nil otherwise.
  package func subtree(_ a: UInt64, _ b: UInt64) -> Merkle.Hash? {
    var start: UInt64 = 0
    var parts: [Merkle.Hash] = []
    var covered: UInt64 = 0
    for (width, node) in zip(Self.bits(of: size), nodes) {
      let end = start + width
      if start >= a && end <= b {
        parts.append(node)
        covered += width
      } else if start < b && end > a {
        return nil
      }
      start = end
    }
    guard covered == b - a, var r = parts.popLast() else { return nil }
    for node in parts.reversed() { r = Merkle.nodeHash(node, r) }
    return r
  }

  /// The widths of the subtrees, largest first.
  static func bits(of size: UInt64) -> [UInt64] {
    var out: [UInt64] = []
    var bit: UInt64 = 1 << 63
    while bit > 0 {
      if size & bit != 0 { out.append(bit) }
      bit >>= 1
    }
    return out
  }
}
