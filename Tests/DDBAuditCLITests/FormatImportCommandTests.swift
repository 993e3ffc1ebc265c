import Foundation
import Testing
import TestSupport
@testable import DDBAuditCLI

@Suite struct FormatImportCommandTests {
  @Test func tablesShowsEachImportsKind() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir, as: "s.sqlite")
    let formats = RepoPaths.samples.appendingPathComponent("formats")
    func path(_ p: String) -> String { formats.appendingPathComponent(p).path }
    #expect(try CLI.run(["import", "--db", db, path("incremental/events"), path("stream/webhook_events.kinesis.jsonl")]).status == 0)
    #expect(try CLI.run(["import", "--db", db, path("scan/events.json"), "--table", "events"]).status == 0)
    #expect(try CLI.run(["import", "--db", db, path("pipeline/api_keys.hive"), "--table", "api_keys"]).status == 0)
    #expect(try CLI.run(["import", "--db", db, path("jsonl/idempotency_keys.jsonl.gz"), "--table", "idempotency_keys", "--input-format", "jsonl"]).status == 0)
    let again = try CLI.run(["import", "--db", db, path("scan/events.json"), "--table", "events"])
    #expect(again.stdout.contains("already imported"))
    let noTable = try CLI.run(["import", "--db", db, path("stream/events.getrecords.json")])
    #expect(noTable.status == 64 && noTable.stderr.contains("pass --table"))
    #expect(try CLI.run(["import", "--db", db, path("scan/events.json"), "--input-format", "ion"]).status == 64)
    let tables = try CLI.run(["tables", "--db", db]).stdout
    for kind in ["full", "incremental", "scan", "stream", "pipeline", "jsonl"] {
      #expect(tables.contains("  \(kind) "), "\(kind) in:\n\(tables)")
    }
  }
}
