import Foundation
import Testing
import TestSupport

/// `key generate`, `checkpoint`, `verify --checkpoint`, `prove`, `prove-consistency` and
/// `verify-proof`, as a CI job and an auditor run them.
@Suite struct CheckpointCommandTests {
  @Test func keyGenerateWritesAPrivateFileRefusesToOverwriteAndPrintsTheVerifierKey() throws {
    let dir = TemporaryDirectory()
    let key = dir.file("audit.key").path
    let result = try CLI.run(["key", "generate", "--name", "audit.example.com", "--output", key])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("audit.example.com+") && result.stdout.split(separator: "+").count >= 3)
    let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as! Int
    #expect(mode == 0o600)
    #expect(try String(contentsOfFile: key, encoding: .utf8).hasPrefix("PRIVATE+KEY+audit.example.com+"))
    let again = try CLI.run(["key", "generate", "--name", "other", "--output", key])
    #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
    #expect(try CLI.run(["key", "generate", "--name", "has space", "--output", dir.file("b.key").path]).status == 64)
  }

  @Test func aCIRunOnAFreshStoreFindsTheCutTailAndAnAuditorChecksAProofWithNoStore() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let key = dir.file("audit.key").path, vkey = dir.file("audit.vkey").path, ckpt = dir.file("audit_logs.ckpt").path
    let generated = try CLI.run(["key", "generate", "--name", "audit.example.com", "--output", key])
    try generated.stdout.write(toFile: vkey, atomically: true, encoding: .utf8)
    let signed = try CLI.run(["checkpoint", "--db", db, "--table", "audit_logs", "--key", key, "--output", ckpt, "--as-of", "2026-11-21"])
    #expect(signed.status == 0, "\(signed.stderr)")
    #expect(signed.stdout.hasPrefix("dynamodb.us-east-1.amazonaws.com/123456789012/audit_logs  300  "))

    // verify --checkpoint needs a trusted key, and a checkpoint it does not trust fails the run.
    #expect(try CLI.run(["verify", "--db", db, "--checkpoint", ckpt]).status == 64)
    let stranger = try CLI.run(["key", "generate", "--name", "stranger", "--output", dir.file("s.key").path]).stdout
    let untrusted = try CLI.run(["verify", "--db", db, "--checkpoint", ckpt, "--trusted-key", stranger.trimmingCharacters(in: .newlines), "--as-of", "2026-11-21"])
    #expect(untrusted.status == 1 && untrusted.stdout.contains("BAD_SIGNATURE"), "\(untrusted.stdout)")

    // The next day's tampered export on a store of its own: the cut tail shows.
    let ci = dir.file("ci.sqlite").path
    #expect(try CLI.run(["import", RepoPaths.samples.appendingPathComponent("tampered/audit_logs").path, "--db", ci, "-q"]).status == 0)
    let verified = try CLI.run(["verify", "--db", ci, "--checkpoint", ckpt, "--trusted-key", vkey, "--as-of", "2026-11-22", "--format", "json"])
    #expect(verified.status == 1)
    #expect(verified.stdout.contains("\"code\": \"TRUNCATED_TAIL\""), "\(verified.stdout.prefix(2000))")
    // And checkpoint refuses to sign it as the next state of the log.
    let refused = try CLI.run(["checkpoint", "--db", ci, "--table", "audit_logs", "--key", key, "--previous", ckpt, "--output", dir.file("next.ckpt").path, "--as-of", "2026-11-22"])
    #expect(refused.status == 1 && refused.stderr.contains("not signed") && refused.stderr.contains("TRUNCATED_TAIL"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("next.ckpt").path))

    // The auditor's proof of one record, checked with nothing but the verifier key.
    let proof = dir.file("record.proof.json").path
    let proved = try CLI.run([
      "prove", "--db", db, "--table", "audit_logs", "--key-values", "user-0001", "2025-07-26T11:32:37.274Z#log-d04e4a6a0db3",
      "--checkpoint", ckpt, "--trusted-key", vkey, "--output", proof,
    ])
    #expect(proved.status == 0, "\(proved.stderr)")
    let ok = try CLI.run(["verify-proof", proof, "--trusted-key", vkey])
    #expect(ok.status == 0 && ok.stdout.contains("ok  record hash"), "\(ok.stdout)\(ok.stderr)")
    let text = try String(contentsOfFile: proof, encoding: .utf8)
    try text.replacingOccurrences(of: "\"leafIndex\": \"0\"", with: "\"leafIndex\": \"1\"").write(toFile: proof, atomically: true, encoding: .utf8)
    let bad = try CLI.run(["verify-proof", proof, "--trusted-key", vkey])
    #expect(bad.status == 1 && bad.stdout.contains("FAILED"), "\(bad.stdout)")
  }

  @Test func theNextCheckpointExtendsTheLastAndTheirConsistencyProofVerifies() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let key = dir.file("k").path, vkey = dir.file("k.pub").path
    try CLI.run(["key", "generate", "--name", "k", "--output", key]).stdout.write(toFile: vkey, atomically: true, encoding: .utf8)
    let first = dir.file("1.ckpt").path, second = dir.file("2.ckpt").path
    #expect(try CLI.run(["checkpoint", "--db", db, "--table", "audit_logs", "--key", key, "--output", first, "--as-of", "2026-11-21"]).status == 0)
    #expect(try CLI.run(["checkpoint", "--db", db, "--table", "audit_logs", "--key", key, "--previous", first, "--output", second, "--as-of", "2026-11-21"]).status == 0)
    let proof = dir.file("c.json").path
    let made = try CLI.run(["prove-consistency", "--from", first, "--to", second, "--trusted-key", vkey, "--output", proof])
    #expect(made.status == 0, "\(made.stderr)")
    let checked = try CLI.run(["verify-proof", proof, "--trusted-key", vkey])
    #expect(checked.status == 0 && checked.stdout.contains("extends"), "\(checked.stdout)\(checked.stderr)")
    // A log keeps its origin.
    let renamed = try CLI.run(["checkpoint", "--db", db, "--table", "audit_logs", "--key", key, "--previous", second, "--origin", "other", "--output", dir.file("3.ckpt").path])
    #expect(renamed.status == 64, "\(renamed.stderr)")
  }
}

/// Checkpoint files as other tools leave them: re-saved with CRLF or a BOM, cut short,
/// replaced by a folder, or with a chain state that is not JSON.
@Suite struct CheckpointHostileFileTests {
  static func signed() throws -> (TemporaryDirectory, db: String, ckpt: String, vkey: String) {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let key = dir.file("k").path, vkey = dir.file("k.pub").path, ckpt = dir.file("a.ckpt").path
    try CLI.run(["key", "generate", "--name", "k", "--output", key]).stdout.write(toFile: vkey, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["checkpoint", "--db", db, "--table", "audit_logs", "--key", key, "--output", ckpt, "--as-of", "2026-11-21"]).status == 0)
    return (dir, db, ckpt, vkey)
  }

  static func verify(_ db: String, _ ckpt: String, _ vkey: String) throws -> CLIResult {
    try CLI.run(["verify", "--db", db, "--table", "audit_logs", "--checkpoint", ckpt, "--trusted-key", vkey, "--as-of", "2026-11-21"])
  }

  @Test func aNoteReSavedWithCRLFOrABOMIsRefusedSayingSo() throws {
    let (dir, db, ckpt, vkey) = try Self.signed()
    let note = try Data(contentsOf: URL(fileURLWithPath: ckpt))
    try Data(String(decoding: note, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: ckpt))
    let crlf = try Self.verify(db, ckpt, vkey)
    #expect(crlf.status == 1 && crlf.stdout.contains("BAD_SIGNATURE") && crlf.stdout.contains("CR LF"), "\(crlf.stdout)")
    try (Data([0xEF, 0xBB, 0xBF]) + note).write(to: URL(fileURLWithPath: ckpt))
    let bom = try Self.verify(db, ckpt, vkey)
    #expect(bom.status == 1 && bom.stdout.contains("byte order mark"), "\(bom.stdout)")
    withExtendedLifetime(dir) {}
  }

  @Test func aBrokenStateOrLeavesFileIsNamed() throws {
    let (dir, db, ckpt, vkey) = try Self.signed()
    // A chain state that is missing is an error naming it (exit 2): the checkpoint cannot be judged.
    try FileManager.default.moveItem(atPath: ckpt + ".state.json", toPath: ckpt + ".moved")
    let missing = try Self.verify(db, ckpt, vkey)
    #expect(missing.status == 2 && missing.stderr.contains("a.ckpt.state.json"), "\(missing.stderr)")
    try FileManager.default.moveItem(atPath: ckpt + ".moved", toPath: ckpt + ".state.json")
    // Leaves cut short are not the leaves the state names: the checkpoint is refused.
    let leaves = try Data(contentsOf: URL(fileURLWithPath: ckpt + ".leaves"))
    try leaves.prefix(leaves.count - 32).write(to: URL(fileURLWithPath: ckpt + ".leaves"))
    let cut = try Self.verify(db, ckpt, vkey)
    #expect(cut.status == 1 && cut.stdout.contains("not the leaves file"), "\(cut.stdout)\(cut.stderr)")
    // A folder where the note should be.
    try FileManager.default.removeItem(atPath: ckpt)
    try FileManager.default.createDirectory(atPath: ckpt, withIntermediateDirectories: false)
    let folder = try Self.verify(db, ckpt, vkey)
    #expect(folder.status == 2 && folder.stderr.contains("a.ckpt"), "\(folder.stderr)")
    // A proof that is not JSON is bad input (2), not a failed proof (1).
    let junk = dir.file("junk.json").path
    try "not json".write(toFile: junk, atomically: true, encoding: .utf8)
    let bad = try CLI.run(["verify-proof", junk, "--trusted-key", vkey])
    #expect(bad.status == 2 && bad.stderr.contains("junk.json"), "\(bad.stderr)")
  }
}
