import Foundation
import Testing
import TestSupport

/// The nightly run with a signingKey: it verifies against the last run's checkpoints, signs
/// the next ones, and signs one note listing every file of the run.
@Suite struct RunSigningTests {
  @Test func aSigningRunChecksAgainstYesterdaysCheckpointAndSignsItsEvidence() throws {
    let dir = TemporaryDirectory()
    let key = dir.file("audit.key").path, vkey = dir.file("audit.vkey").path
    try CLI.run(["key", "generate", "--name", "audit.example.com", "--output", key]).stdout.write(toFile: vkey, atomically: true, encoding: .utf8)
    let config = dir.file("nightly.json")
    let object: [String: Any] = [
      "db": "store.sqlite", "imports": [RepoPaths.samples.appendingPathComponent("exports").path], "reports": ["integrity"],
      "formats": ["csv", "json"], "outputDir": "out", "since": "7d", "reportsDir": RepoPaths.reports.path, "signingKey": "audit.key",
      "checkpointTables": ["audit_logs"],
    ]
    try JSONSerialization.data(withJSONObject: object).write(to: config)
    let first = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-21T06:00:00Z", "--exit-zero"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("checkpoint: audit_logs signed, size 300"), "\(first.stderr)")
    let ckpt = dir.file("out/2026-11-21/checkpoints/audit_logs.ckpt").path
    #expect(FileManager.default.fileExists(atPath: ckpt) && FileManager.default.fileExists(atPath: ckpt + ".state.json"))

    // The evidence note lists every file of the run, and an auditor can check one.
    let evidence = dir.file("out/2026-11-21/evidence.sig").path
    let checked = try CLI.run(["verify-proof", evidence, "--trusted-key", vkey])
    #expect(checked.status == 0 && checked.stdout.contains("ok  verify.json") && checked.stdout.contains("ok  integrity_2026-11-21.csv"), "\(checked.stdout)")
    let csv = dir.file("out/2026-11-21/integrity_2026-11-21.csv")
    let original = try Data(contentsOf: csv)
    try (original + Data("x".utf8)).write(to: csv)
    let altered = try CLI.run(["verify-proof", evidence, "--trusted-key", vkey])
    #expect(altered.status == 1 && altered.stdout.contains("FAILED  integrity_2026-11-21.csv"), "\(altered.stdout)")
    try original.write(to: csv)

    // The next night: the tampered export arrives; verify runs against yesterday's checkpoint,
    // and the new state is not signed as an extension of it.
    var next = object
    next["imports"] = [RepoPaths.samples.appendingPathComponent("exports").path, RepoPaths.samples.appendingPathComponent("tampered").path]
    try JSONSerialization.data(withJSONObject: next).write(to: config)
    let second = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-22T06:00:00Z"])
    #expect(second.status == 1)
    #expect(second.stderr.contains("checkpoint: audit_logs NOT signed"), "\(second.stderr)")
    let verify = try String(contentsOf: dir.file("out/2026-11-22/verify.json"), encoding: .utf8)
    #expect(verify.contains("the checkpoint ") && verify.contains("2026-11-21/checkpoints/audit_logs.ckpt"), "\(verify.prefix(3000))")
  }
}
