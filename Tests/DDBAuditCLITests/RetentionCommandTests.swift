import Foundation
import Testing
import TestSupport
@testable import DDBAuditCLI

@Suite struct RetentionCommandTests {
  static func samplesStore() throws -> TestStore {
    let store = try TestStore.samples()
    return store
  }

  @Test func exitCodesFollowFailOnAndExitZero() throws {
    let store = try Self.samplesStore()
    let base = ["retention", "--db", store.path, "--as-of", "2026-11-21"]
    #expect(try CLI.run(base).status == 1)
    #expect(try CLI.run(base + ["--exit-zero"]).status == 0)
    #expect(try CLI.run(base + ["--fail-on", "critical"]).status == 1, "KEY_NOT_HASHED is critical")
    #expect(try CLI.run(base + ["--table", "audit_logs"]).status == 0)
    #expect(try CLI.run(base + ["--table", "idempotency_keys"]).status == 0, "TTL_TOO_LONG is a warning")
    #expect(try CLI.run(base + ["--table", "idempotency_keys", "--fail-on", "warning"]).status == 1)
    #expect(try CLI.run(base + ["--format", "xlsx"]).status == 64)
    #expect(try CLI.run(base + ["--retention-days", "0"]).status == 64)
    let missing = try CLI.run(base + ["--table", "nope"])
    #expect(missing.status == 2 && missing.stderr.contains("nothing to check: no table \"nope\""), "\(missing.stderr)")
    let policy = try CLI.run(base + ["--policy", "/nonexistent/policy.json"])
    #expect(policy.status == 2 && policy.stderr.contains("/nonexistent/policy.json"))
  }

  @Test func onlyMachineOutputGoesToStdout() throws {
    let store = try Self.samplesStore()
    for format in ["json", "sarif"] {
      let result = try CLI.run(["retention", "--db", store.path, "--as-of", "2026-11-21", "--format", format, "--exit-zero"])
      #expect(result.status == 0)
      #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "\(format) parses")
    }
    let junit = try CLI.run(["retention", "--db", store.path, "--as-of", "2026-11-21", "--format", "junit", "--exit-zero"])
    #expect(junit.stdout.hasPrefix("<?xml") && junit.stderr.isEmpty)
  }

  @Test func xlsxAndCSVCarryTheFindings() throws {
    let store = try Self.samplesStore()
    let dir = TemporaryDirectory()
    let xlsx = dir.file("r.xlsx").path
    #expect(try CLI.run(["retention", "--db", store.path, "--as-of", "2026-11-21", "--format", "xlsx", "-o", xlsx, "--exit-zero"]).status == 0)
    let findings = try XLSXFile(path: xlsx).cells(sheet: "Findings")
    #expect(findings.values.contains { $0.value == "TTL_MILLISECONDS" })
    let csv = try CLI.run(["retention", "--db", store.path, "--as-of", "2026-11-21", "--format", "csv", "--exit-zero"]).stdout
    let rows = try StrictCSV.parse(csv)
    #expect(rows[0] == ["severity", "code", "table", "key", "detail"] && rows.count == 16)
  }

  @Test func settingsCommandReadsTheSamples() throws {
    let dir = RepoPaths.samples.appendingPathComponent("settings")
    let paths = ["audit_logs", "ec2-audit-logs", "events"].map { dir.appendingPathComponent($0).path }
    let result = try CLI.run(["settings"] + paths + ["--format", "json"])
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect((object["findings"] as! [Any]).count == 5)
    #expect(try CLI.run(["settings", dir.appendingPathComponent("audit_logs").path]).status == 0)
  }
}
