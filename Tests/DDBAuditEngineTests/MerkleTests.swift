import Crypto
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

/// RFC 9162 tree hashing and proofs, against vectors computed from the RFC's recursive
/// definitions by `scripts/merkle-vectors.py` (sizes 1–64) and transparency-dev/merkle's
/// published proofs (sizes up to 8).
@Suite struct MerkleTests {
  struct Vectors {
    var leaves: [[UInt8]]
    var sizes: [[String: Any]]
  }

  static func vectors() throws -> Vectors {
    let url = RepoPaths.fixtures.appendingPathComponent("checkpoint/rfc9162-vectors.json")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let leaves = (object["leaves"] as! [String]).map { hexBytes($0) }
    return Vectors(leaves: leaves, sizes: object["sizes"] as! [[String: Any]])
  }

  static func hexBytes(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var k = text.startIndex
    while k < text.endIndex {
      let next = text.index(k, offsetBy: 2)
      out.append(UInt8(text[k..<next], radix: 16)!)
      k = next
    }
    return out
  }

  static func digest(_ proofs: [[Merkle.Hash]]) -> String {
    var hasher = SHA256()
    for proof in proofs {
      hasher.update(data: [UInt8(proof.count)])
      for element in proof { hasher.update(data: element) }
    }
    return RecordHash.hex(hasher.finalize())
  }

  /// MTH(D[a:b]) over leaves in memory.
  static func subtree(_ leafHashes: [Merkle.Hash]) -> (UInt64, UInt64) -> Merkle.Hash {
    { a, b in Merkle.root(leafHashes: Array(leafHashes[Int(a)..<Int(b)])) }
  }

  @Test func rootsProofsAndTheirDigestsMatchTheVectorsForEverySizeFrom1To64() throws {
    let v = try Self.vectors()
    let leafHashes = v.leaves.map(Merkle.leafHash)
    #expect(v.sizes.count == 64)
    for entry in v.sizes {
      let n = entry["size"] as! Int
      let hashes = Array(leafHashes.prefix(n))
      let root = Merkle.root(leafHashes: hashes)
      #expect(RecordHash.hex(root) == entry["root"] as! String, "size \(n)")
      let inclusion = try (0..<n).map { i in
        try Merkle.inclusionProof(index: UInt64(i), size: UInt64(n), subtree: Self.subtree(hashes))
      }
      let consistency = try (1..<max(n, 1)).map { m in
        try Merkle.consistencyProof(first: UInt64(m), second: UInt64(n), subtree: Self.subtree(hashes))
      }
      #expect(Self.digest(inclusion) == entry["inclusionSHA256"] as! String, "inclusion proofs of size \(n)")
      #expect(Self.digest(consistency) == entry["consistencySHA256"] as! String, "consistency proofs of size \(n)")
      if let listed = entry["inclusion"] as? [[String]] {
        #expect(inclusion.map { $0.map { RecordHash.hex($0) } } == listed, "size \(n)")
      }
      // Every proof verifies, and is consumed exactly.
      for (i, proof) in inclusion.enumerated() {
        try Merkle.verifyInclusion(index: UInt64(i), size: UInt64(n), leafHash: hashes[i], proof: proof, root: root)
      }
      for (k, proof) in consistency.enumerated() {
        let m = k + 1
        try Merkle.verifyConsistency(
          first: UInt64(m), second: UInt64(n), firstRoot: Merkle.root(leafHashes: Array(hashes.prefix(m))), secondRoot: root, proof: proof)
      }
    }
  }

  /// transparency-dev/merkle proof/verify_test.go: inclusion of leaf 6 in 8 and 2 in 5 (its
  /// indexes count from 1), consistency 6→8 and 2→5.
  @Test func transparencyDevPublishedProofsAreReproduced() throws {
    let v = try Self.vectors()
    let hashes = v.leaves.prefix(8).map(Merkle.leafHash)
    let path68 = try Merkle.inclusionProof(index: 5, size: 8, subtree: Self.subtree(Array(hashes)))
    #expect(path68.map { RecordHash.hex($0) } == [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ])
    let path25 = try Merkle.inclusionProof(index: 1, size: 5, subtree: Self.subtree(Array(hashes.prefix(5))))
    #expect(path25.map { RecordHash.hex($0) } == [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ])
    let c68 = try Merkle.consistencyProof(first: 6, second: 8, subtree: Self.subtree(Array(hashes)))
    #expect(c68.map { RecordHash.hex($0) } == [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ])
    let c25 = try Merkle.consistencyProof(first: 2, second: 5, subtree: Self.subtree(Array(hashes.prefix(5))))
    #expect(c25.map { RecordHash.hex($0) } == [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ])
  }

  /// transparency-dev's corruption probes: wrong index or size, a flipped bit in any
  /// element, an element added before or after, one removed; none may verify.
  @Test func everyCorruptedProofIsRefused() throws {
    let v = try Self.vectors()
    let all = v.leaves.map(Merkle.leafHash)
    for n in [1, 2, 3, 5, 7, 8, 13, 31, 32, 33, 64] {
      let hashes = Array(all.prefix(n))
      let root = Merkle.root(leafHashes: hashes)
      for i in 0..<n {
        let proof = try Merkle.inclusionProof(index: UInt64(i), size: UInt64(n), subtree: Self.subtree(hashes))
        var probes: [(UInt64, UInt64, [Merkle.Hash])] = [
          (UInt64(i) + 1, UInt64(n), proof), (UInt64(i), UInt64(n) * 2, proof),
          (UInt64(i), UInt64(n), proof + [root]), (UInt64(i), UInt64(n), [root] + proof), (UInt64(i ^ 2), UInt64(n), proof),
        ]
        if i > 0 { probes.append((UInt64(i) - 1, UInt64(n), proof)) }
        if n > 1 { probes.append((UInt64(i), UInt64(n) / 2, proof)) }
        if !proof.isEmpty { probes.append((UInt64(i), UInt64(n), Array(proof.dropLast()))) }
        for k in proof.indices {
          var bad = proof
          bad[k][0] ^= 8
          probes.append((UInt64(i), UInt64(n), bad))
        }
        for (index, size, bad) in probes where !(index == UInt64(i) && size == UInt64(n) && bad == proof) {
          #expect(throws: Merkle.ProofError.self, "size \(n) leaf \(i): index \(index) size \(size)") {
            try Merkle.verifyInclusion(index: index, size: size, leafHash: hashes[i], proof: bad, root: root)
          }
        }
        #expect(throws: Merkle.ProofError.self) {
          try Merkle.verifyInclusion(index: UInt64(i), size: UInt64(n), leafHash: Merkle.leafHash([0xFF]), proof: proof, root: root)
        }
      }
      for m in 1..<max(n, 1) {
        let proof = try Merkle.consistencyProof(first: UInt64(m), second: UInt64(n), subtree: Self.subtree(hashes))
        let first = Merkle.root(leafHashes: Array(hashes.prefix(m)))
        var probes: [(UInt64, UInt64, Merkle.Hash, Merkle.Hash, [Merkle.Hash])] = [
          (UInt64(m) + 1, UInt64(n), first, root, proof), (UInt64(m), UInt64(n) * 2, first, root, proof),
          (UInt64(m), UInt64(n), root, first, proof), (UInt64(m), UInt64(n), first, root, []),
          (UInt64(m), UInt64(n), first, root, proof + [root]), (UInt64(m), UInt64(n), first, root, [first] + proof),
          (UInt64(m), UInt64(n), first, Merkle.emptyRoot, proof),
        ]
        if m > 1 { probes.append((UInt64(m) - 1, UInt64(n), first, root, proof)) }
        if !proof.isEmpty { probes.append((UInt64(m), UInt64(n), first, root, Array(proof.dropLast()))) }
        for k in proof.indices {
          var bad = proof
          bad[k][0] ^= 16
          probes.append((UInt64(m), UInt64(n), first, root, bad))
        }
        for (a, b, r1, r2, bad) in probes {
          #expect(throws: Merkle.ProofError.self, "consistency \(m)→\(n)") {
            try Merkle.verifyConsistency(first: a, second: b, firstRoot: r1, secondRoot: r2, proof: bad)
          }
        }
      }
    }
  }

  @Test func edgeSizesFollowTheRFC() throws {
    #expect(RecordHash.hex(Merkle.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(throws: Merkle.ProofError.indexOutOfRange(index: 0, size: 0)) {
      try Merkle.verifyInclusion(index: 0, size: 0, leafHash: Merkle.emptyRoot, proof: [], root: Merkle.emptyRoot)
    }
    #expect(throws: Merkle.ProofError.sizesOutOfOrder(first: 2, second: 1)) {
      try Merkle.verifyConsistency(first: 2, second: 1, firstRoot: Merkle.emptyRoot, secondRoot: Merkle.emptyRoot, proof: [])
    }
    // Equal sizes need equal roots and an empty proof; size 0 is consistent with anything.
    try Merkle.verifyConsistency(first: 3, second: 3, firstRoot: Merkle.emptyRoot, secondRoot: Merkle.emptyRoot, proof: [])
    #expect(throws: Merkle.ProofError.nonEmptyProof) {
      try Merkle.verifyConsistency(first: 3, second: 3, firstRoot: Merkle.emptyRoot, secondRoot: Merkle.emptyRoot, proof: [Merkle.emptyRoot])
    }
    try Merkle.verifyConsistency(first: 0, second: 5, firstRoot: Merkle.emptyRoot, secondRoot: Merkle.leafHash([]), proof: [])
    #expect(throws: Merkle.ProofError.malformedHash(position: 0)) {
      try Merkle.verifyInclusion(index: 0, size: 2, leafHash: Merkle.emptyRoot, proof: [[1, 2]], root: Merkle.emptyRoot)
    }
  }

  /// A compact range appends leaf by leaf to the same roots, and every proof for a tree can be
  /// built from the compact range of any smaller size and the leaves after it: what lets a
  /// fresh CI runner extend a log without its old leaves.
  @Test func compactRangesGiveTheRootsAndTheNodesProofsNeed() throws {
    let v = try Self.vectors()
    let all = v.leaves.map(Merkle.leafHash)
    var range = CompactRange()
    for n in 1...64 {
      range.append(leafHash: all[n - 1])
      #expect(range.root == Merkle.root(leafHashes: Array(all.prefix(n))), "size \(n)")
      #expect(CompactRange(size: range.size, nodes: range.nodes) == range)
    }
    #expect(CompactRange(size: 5, nodes: [Merkle.emptyRoot]) == nil)
    for n in [5, 8, 13, 33, 64] {
      let hashes = Array(all.prefix(n))
      for m in 1..<n {
        var base = CompactRange()
        for h in hashes.prefix(m) { base.append(leafHash: h) }
        let fromRange: (UInt64, UInt64) throws -> Merkle.Hash = { a, b in
          if b <= UInt64(m), let node = base.subtree(a, b) { return node }
          if a >= UInt64(m) { return Merkle.root(leafHashes: Array(hashes[Int(a)..<Int(b)])) }
          Issue.record("subtree \(a)..<\(b) straddles size \(m)")
          return []
        }
        let proof = try Merkle.consistencyProof(first: UInt64(m), second: UInt64(n), subtree: fromRange)
        #expect(proof == (try Merkle.consistencyProof(first: UInt64(m), second: UInt64(n), subtree: Self.subtree(hashes))))
      }
    }
  }
}
