import Foundation
import Testing
@testable import DDBAuditModel

/// C2SP signed notes and tlog checkpoints, against the vectors of Go's `sumdb/note`.
@Suite struct SignedNoteTests {
  static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
  static let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
  static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
  static let signatureLine =
    "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

  @Test func goSumdbNoteVectorSignsAndVerifiesByteForByte() throws {
    let signer = try NoteSigner(Self.signerKey)
    let verifier = try NoteVerifier(Self.verifierKey)
    #expect(signer.verifier == verifier)
    #expect(signer.verifier.description == Self.verifierKey)
    #expect(signer.keyString == Self.signerKey)
    #expect(verifier.keyIDHex == "c74f20a3")
    let signed = try SignedNote.sign(Self.text, with: [signer])
    #expect(signed == Self.text + "\n" + Self.signatureLine)
    let opened = try SignedNote.open(Array(signed.utf8), trusted: [verifier])
    #expect(opened.text == Self.text)
    #expect(opened.verifiedBy == ["PeterNeumann"])
  }

  @Test func malformedKeysAreRefused() {
    let bad = [
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",  // wrong length
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // id does not match
      "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // upper-case id
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // space in the name
      "PeterNeumann+c74f20a3+AhpdmQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // not algorithm 1
      "PeterNeumann+c74f20a3",
      "",
    ]
    for key in bad { #expect(throws: NoteError.self, "\(key)") { try NoteVerifier(key) } }
    #expect(throws: NoteError.self) { try NoteSigner("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") }
    #expect(throws: NoteError.self) { try NoteSigner(generatingFor: "has+plus") }
  }

  @Test func unknownSignaturesAreIgnoredAndANoteNoTrustedKeySignedIsRefused() throws {
    let peter = try NoteSigner(Self.signerKey)
    let other = try NoteSigner(generatingFor: "other.example")
    let both = try SignedNote.sign(Self.text, with: [other, peter])
    #expect(try SignedNote.open(Array(both.utf8), trusted: [peter.verifier]).verifiedBy == ["PeterNeumann"])
    #expect(throws: NoteError.untrusted(signers: ["other.example", "PeterNeumann"])) {
      try SignedNote.open(Array(both.utf8), trusted: [try NoteSigner(generatingFor: "third").verifier])
    }
    // A changed text fails under the trusted key: an error, not "unsigned".
    let changed = both.replacingOccurrences(of: "cryptography", with: "cryptographY")
    #expect(throws: NoteError.invalidSignature(keyName: "PeterNeumann")) {
      try SignedNote.open(Array(changed.utf8), trusted: [peter.verifier])
    }
    // Another key under the same name and id would be a different id: ignored, so untrusted.
    for malformed in [Self.text, Self.text + "\n", Self.text + "\n- PeterNeumann abc\n", "no newline\n\n" + Self.signatureLine.dropLast()] {
      #expect(throws: NoteError.self) { try SignedNote.open(Array(malformed.utf8), trusted: [peter.verifier]) }
    }
  }

  @Test func checkpointsRoundTripAndRefuseMalformedBodies() throws {
    let root = Merkle.leafHash([1, 2, 3])
    let checkpoint = Checkpoint(origin: "example.com/log", size: 42, root: root, extensions: ["ddbaudit-chain-state sha256:ab"])
    #expect(checkpoint.text == "example.com/log\n42\n\(Data(root).base64EncodedString())\nddbaudit-chain-state sha256:ab\n")
    #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
    #expect(checkpoint.stateDigest == "ab")
    for bad in ["example.com/log\n042\n\(Data(root).base64EncodedString())\n", "example.com/log\n42\n", "x\n1\nAAAA\n", "\n1\n\(Data(root).base64EncodedString())\n"] {
      #expect(throws: NoteError.self, "\(bad)") { try Checkpoint(text: bad) }
    }
    #expect(
      Checkpoint.defaultOrigin(table: "t", tableArn: "arn:aws:dynamodb:eu-west-1:123456789012:table/audit_logs")
        == "dynamodb.eu-west-1.amazonaws.com/123456789012/audit_logs")
    #expect(Checkpoint.defaultOrigin(table: "audit_logs", tableArn: nil) == "ddbaudit.invalid/table/audit_logs")
  }
}
