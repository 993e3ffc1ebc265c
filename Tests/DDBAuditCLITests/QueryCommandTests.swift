import Foundation
import Testing
import TestSupport

@Suite struct QueryCommandTests {
  @Test func csvToStdoutJsonlAndXlsx() throws {
    let (dir, db) = try ReportCommandTests.samplesStore()
    let csv = try CLI.run(["query", "--db", db, "--table", "events", "--where", "status=failed", "--columns", "event_id,status,payload"])
    #expect(csv.status == 0, "\(csv.stderr)")
    let records = try StrictCSV.parse(csv.stdout)
    #expect(records[0] == ["event_id", "status", "payload"])
    #expect(records.count > 1 && records.dropFirst().allSatisfy { $0[1] == "failed" && $0[2].hasPrefix("{\"amount\":") })
    let xlsx = dir.file("q.xlsx").path
    let book = try CLI.run(["query", "--db", db, "--table", "ec2-audit-logs", "--format", "xlsx", "--output", xlsx])
    #expect(book.status == 0, "\(book.stderr)")
    #expect(try XLSXFile(path: xlsx).sheetNames == ["Summary", "Findings", "Evidence"])
    #expect(try CLI.run(["query", "--db", db, "--table", "events", "--format", "xlsx"]).status == 64, "xlsx needs --output")
    #expect(try CLI.run(["query", "--db", db, "--table", "nope"]).status == 64)
  }
}
