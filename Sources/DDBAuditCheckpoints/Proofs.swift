import Foundation
import DDBAuditModel
import DDBAuditChecks

/// Self-contained proofs (docs/checkpoint.md §5): one record's inclusion in a checkpoint's
/// tree, or one checkpoint's consistency with a later one. Each holds the signed notes it rests
/// on, so `verify-proof` needs nothing but the proof and a trusted key.
package enum Proofs {
  package static let inclusionFormat = "ddbaudit-inclusion-proof/v1"
  package static let consistencyFormat = "ddbaudit-consistency-proof/v1"

  /// The inclusion proof of the record `item` (canonical DynamoDB JSON, its hash attribute
  /// `hashAttribute` included), leaf `index` of `checkpoint`'s tree.
  package static func inclusion(
    note: String, table: String, item: [UInt8], hashAttribute: String, index: UInt64, size: UInt64, path: [Merkle.Hash]
  ) throws -> JSONValue {
    .object([
      ("format", .string(inclusionFormat)),
      ("table", .string(table)),
      ("leafIndex", .string(String(index))),
      ("treeSize", .string(String(size))),
      ("hashAttribute", .string(hashAttribute)),
      ("record", try JSONValue.parse(item)),
      ("path", .array(path.map { .string(RecordHash.hex($0)) })),
      ("checkpoint", .string(note)),
    ])
  }

  package static func consistency(from: String, to: String, path: [Merkle.Hash]) -> JSONValue {
    .object([
      ("format", .string(consistencyFormat)),
      ("path", .array(path.map { .string(RecordHash.hex($0)) })),
      ("from", .string(from)),
      ("to", .string(to)),
    ])
  }

  /// What `verify-proof` established.
  package struct Verified: Sendable {
    /// One line per fact checked, for people.
    package var facts: [String]
  }

  /// A proof that does not hold, and what failed; `malformed` when the file is not a proof
  /// at all (bad input), rather than a proof that fails.
  package struct Failure: Error, CustomStringConvertible {
    package let description: String
    package let malformed: Bool
    init(_ description: String, malformed: Bool = false) {
      self.description = description
      self.malformed = malformed
    }
  }

  /// Checks a proof file's bytes under `trusted` keys.
  package static func verify(_ bytes: [UInt8], trusted: [NoteVerifier]) throws(Failure) -> Verified {
    let value: JSONValue
    do { value = try JSONValue.parse(bytes) } catch { throw Failure("the proof is not JSON: \(error)", malformed: true) }
    guard case .string(let format)? = value[member: "format"] else { throw Failure("the proof has no \"format\"", malformed: true) }
    switch format {
    case inclusionFormat: return try verifyInclusion(value, trusted: trusted)
    case consistencyFormat: return try verifyConsistency(value, trusted: trusted)
    default: throw Failure("unknown proof format \"\(format)\"", malformed: true)
    }
  }

  static func checkpoint(_ value: JSONValue, _ member: String, trusted: [NoteVerifier]) throws(Failure) -> (Checkpoint, [String]) {
    guard case .string(let note)? = value[member: member] else { throw Failure("the proof has no \"\(member)\" checkpoint", malformed: true) }
    do {
      let opened = try SignedNote.open(Array(note.utf8), trusted: trusted)
      return (try Checkpoint(text: opened.text), opened.verifiedBy)
    } catch {
      let malformed = if case .malformedNote = error { true } else if case .malformedKey = error { true } else { false }
      throw Failure("the \(member == "checkpoint" ? "checkpoint" : "\"\(member)\" checkpoint") is not trusted: \(error)", malformed: malformed)
    }
  }

  static func path(_ value: JSONValue) throws(Failure) -> [Merkle.Hash] {
    guard case .array(let elements)? = value[member: "path"] else { throw Failure("the proof has no \"path\" array", malformed: true) }
    var out: [Merkle.Hash] = []
    for (k, element) in elements.enumerated() {
      guard case .string(let hex) = element, let hash = RecordHash.bytes(hex: hex) else {
        throw Failure("path[\(k)] is not a hash (64 lowercase hex digits)", malformed: true)
      }
      out.append(hash)
    }
    return out
  }

  static func count(_ value: JSONValue, _ member: String) throws(Failure) -> UInt64 {
    guard case .string(let text)? = value[member: member], let n = UInt64(text), String(n) == text else {
      throw Failure("\"\(member)\" is not a count written as a decimal string", malformed: true)
    }
    return n
  }

  static func verifyInclusion(_ value: JSONValue, trusted: [NoteVerifier]) throws(Failure) -> Verified {
    let (checkpoint, signers) = try checkpoint(value, "checkpoint", trusted: trusted)
    let index = try count(value, "leafIndex"), size = try count(value, "treeSize")
    guard size == checkpoint.size else { throw Failure("the proof is for a tree of \(size) leaves; the checkpoint's has \(checkpoint.size)") }
    guard case .string(let hashAttribute)? = value[member: "hashAttribute"], let record = value[member: "record"] else {
      throw Failure("the proof has no \"record\" or \"hashAttribute\"", malformed: true)
    }
    let item: Item
    do {
      item = try record.bytes().withUnsafeBufferPointer { try DynamoJSONDecoder.decodeItemLine($0, wrapper: .none).item }
    } catch { throw Failure("the record is not DynamoDB JSON: \(error)", malformed: true) }
    guard case .string(let stored)? = item.entries.first(where: { $0.name.elementsEqual(hashAttribute.utf8) })?.value else {
      throw Failure("the record has no string attribute \"\(hashAttribute)\"", malformed: true)
    }
    let storedHash = String(decoding: stored, as: UTF8.self)
    let computed: String
    do { computed = try RecordHash.compute(item, hashAttribute: hashAttribute) } catch {
      throw Failure("the record has no canonical form: \(error)")
    }
    guard computed == storedHash else { throw Failure("the record hashes to \(computed), not to its \"\(hashAttribute)\" \(storedHash): it was changed") }
    guard let data = RecordHash.bytes(hex: computed) else { throw Failure("the record hash is malformed") }
    do {
      try Merkle.verifyInclusion(index: index, size: size, leafHash: Merkle.leafHash(data), proof: try path(value), root: checkpoint.root)
    } catch let error as Merkle.ProofError {
      throw Failure("the inclusion proof fails: \(error)")
    } catch { throw Failure("\(error)") }
    return Verified(facts: [
      "checkpoint \(checkpoint.origin) size \(checkpoint.size), signed by \(signers.joined(separator: ", "))",
      "record hash \(computed) matches its content",
      "leaf \(index) of \(size): the audit path leads to the checkpoint's root",
    ])
  }

  static func verifyConsistency(_ value: JSONValue, trusted: [NoteVerifier]) throws(Failure) -> Verified {
    let (from, fromSigners) = try checkpoint(value, "from", trusted: trusted)
    let (to, toSigners) = try checkpoint(value, "to", trusted: trusted)
    guard from.origin.utf8.elementsEqual(to.origin.utf8) else {
      throw Failure("the checkpoints are of different logs (\"\(from.origin)\" and \"\(to.origin)\")")
    }
    do {
      try Merkle.verifyConsistency(first: from.size, second: to.size, firstRoot: from.root, secondRoot: to.root, proof: try path(value))
    } catch let error as Merkle.ProofError {
      throw Failure("the consistency proof fails: \(error)")
    } catch { throw Failure("\(error)") }
    return Verified(facts: [
      "checkpoint \(from.origin) size \(from.size), signed by \(fromSigners.joined(separator: ", "))",
      "checkpoint \(to.origin) size \(to.size), signed by \(toSigners.joined(separator: ", "))",
      "the tree of \(to.size) leaves extends the tree of \(from.size): the log only grew",
    ])
  }
}
