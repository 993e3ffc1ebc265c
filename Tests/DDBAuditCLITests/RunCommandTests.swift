import Foundation
import Testing
import TestSupport
@testable import DDBAuditCLI
import DDBAuditModel
import DDBAuditFiles

@Suite struct RunCommandTests {
  /// A config in a scratch folder that imports the sample exports.
  static func config(_ dir: TemporaryDirectory, reports: [String] = ["retention"]) throws -> String {
    let path = dir.file("nightly.json")
    let object: [String: Any] = [
      "db": "store.sqlite", "imports": [RepoPaths.samples.appendingPathComponent("exports").path], "reports": reports,
      "formats": ["csv", "json"], "outputDir": "out", "since": "7d", "reportsDir": RepoPaths.reports.path,
    ]
    try JSONSerialization.data(withJSONObject: object).write(to: path)
    return path.path
  }

  @Test func theNightlyJobImportsVerifiesChecksAndWritesADatedFolder() throws {
    let dir = TemporaryDirectory()
    let config = try Self.config(dir, reports: ["retention", "audit-trail"])
    let result = try CLI.run(["run", "--config", config, "--as-of", "2026-11-21T06:00:00Z"])
    #expect(result.status == 1, "the samples' TTL mistakes are errors: \(result.stderr)")
    let lines = result.stderr.split(separator: "\n")
    for step in ["import:", "verify:", "retention:", "reports:"] { #expect(lines.contains { $0.contains(step) }, "\(step)") }
    #expect(result.stdout.isEmpty)
    let folder = dir.file("out/2026-11-21")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(files.contains("verify.json") && files.contains("retention.json") && files.contains("verify.json.sha256"))
    // Named by the run's day, so that a second run that day replaces them.
    #expect(files.contains("retention_2026-11-21.csv") && files.contains("audit-trail_2026-11-21.json"), "\(files)")
    // Every sidecar matches its file.
    for sidecar in files where sidecar.hasSuffix(".sha256") {
      let line = try String(contentsOf: folder.appendingPathComponent(sidecar), encoding: .utf8)
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      let data = try Data(contentsOf: folder.appendingPathComponent(String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines)))
      #expect(RecordHash.sha256Hex(Array(data)) == String(parts[0]), "\(sidecar)")
    }
    // A second run the same day imports nothing and replaces the files.
    let again = try CLI.run(["run", "--config", config, "--as-of", "2026-11-21T06:00:00Z", "--exit-zero"])
    #expect(again.status == 0 && again.stderr.contains("0 new exports"), "\(again.stderr)")
  }

  @Test func aSecondRunExitsSeventyFiveAtOnceWhileTheLockIsHeld() throws {
    let dir = TemporaryDirectory()
    let config = try Self.config(dir)
    let lock = try RunLock(path: dir.file("out/.ddbaudit.lock").path)
    let started = Date()
    let result = try CLI.run(["run", "--config", config])
    let seconds = Date().timeIntervalSince(started)
    #expect(result.status == 75 && result.stderr.contains("holds the lock"), "\(result.stderr)")
    // It does not wait for the lock: a waiting run would sit here until this test released it.
    // (The bound is far above any machine's load, so it cannot flake.)
    #expect(seconds < 30, "\(seconds) s")
    #expect(!FileManager.default.fileExists(atPath: dir.file("store.sqlite").path), "nothing was done")
    withExtendedLifetime(lock) {}
  }

  @Test func theLockDiesWithItsProcessEvenOnKillNine() throws {
    let dir = TemporaryDirectory()
    let path = dir.file(".lock").path
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    // -o: the lock belongs to flock(1) alone, not to the sleep it runs, so killing it frees the lock.
    // No -n: flock(1) waits while this test's own probe below briefly holds the lock.
    holder.arguments = ["-o", path, "sleep", "30"]
    try holder.run()
    var held = false
    for _ in 0..<500 {
      if (try? RunLock(path: path)) == nil {
        held = true
        break
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    #expect(held, "flock(1) took the lock")
    #expect { _ = try RunLock(path: path) } throws: { ($0 as? DDBAuditError)?.exitStatus == .locked }
    // flock(1) runs `sleep` as a child; kill -9 the holder alone, and the lock must be free
    // long before that child would have ended by itself.
    let pid = holder.processIdentifier
    let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
    kill(pid, SIGKILL)
    let killed = Date()
    var freed = false
    while Date().timeIntervalSince(killed) < 10 {
      if (try? RunLock(path: path)) != nil {
        freed = true
        break
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    #expect(freed, "the kernel drops the lock with its holder")
    for child in children.split(separator: " ").compactMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) { kill(child, SIGKILL) }
  }
}
