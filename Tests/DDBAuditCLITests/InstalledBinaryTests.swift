import Foundation
import Testing
import TestSupport

/// The binary alone, copied where `make install` puts it and run by cron from another folder,
/// has everything the nightly job needs: the report definitions are built in.
@Suite struct InstalledBinaryTests {
  @Test func aLoneBinaryRunsTheNightlyJobFromAnotherFolder() throws {
    let dir = TemporaryDirectory()
    let bin = dir.file("prefix/bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let binary = bin.appendingPathComponent("ddbaudit")
    try FileManager.default.copyItem(at: CLI.executable, to: binary)
    let srv = dir.file("srv")
    try FileManager.default.createDirectory(at: srv, withIntermediateDirectories: true)
    let config = srv.appendingPathComponent("nightly.json")
    try """
      {"db": "ddbaudit.sqlite", "imports": ["\(RepoPaths.samples.appendingPathComponent("exports").path)"],
       "reports": ["audit-trail", "integrity", "retention", "api-keys", "event-lifecycle", "webhook-deliveries"],
       "formats": ["csv", "json"], "since": "30d", "outputDir": "reports"}
      """.write(to: config, atomically: true, encoding: .utf8)
    let cron = dir.file("elsewhere")
    try FileManager.default.createDirectory(at: cron, withIntermediateDirectories: true)
    let first = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-21T06:15:00Z"], currentDirectory: cron, executable: binary)
    #expect([0, 1].contains(first.status), "\(first.stderr)")
    let day = srv.appendingPathComponent("reports/2026-11-21")
    let files = try FileManager.default.contentsOfDirectory(atPath: day.path).sorted()
    #expect(files.filter { $0.hasSuffix(".csv") }.count == 6, "\(files)")
    #expect(files.contains("audit-trail_2026-11-21.csv") && files.contains("verify.json"))
    // A second run the same day, later, replaces that day's files instead of adding copies.
    let second = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-21T18:40:00Z"], currentDirectory: cron, executable: binary)
    #expect(second.status == first.status, "\(second.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: day.path).sorted() == files)
    #expect(try FileManager.default.contentsOfDirectory(atPath: cron.path).isEmpty, "nothing lands in cron's folder")
    // report --list from an empty folder lists the built-in reports.
    let list = try CLI.run(["report", "--list"], currentDirectory: cron, executable: binary)
    #expect(list.stdout.contains("built-in/audit-trail.json") && list.stdout.split(separator: "\n").count == 7)
  }
}
