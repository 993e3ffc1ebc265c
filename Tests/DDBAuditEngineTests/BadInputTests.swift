import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditImport

@Suite struct BadInputTests {
  @Test(arguments: [
    ("not json at all", "expected"),
    (#"{"Item":{"user_id":{"X":"u"}}}"#, "unknown type descriptor \"X\""),
    (#"{"Item":{"user_id":{"S":"u"},"n":{"N":123}}}"#, "not a JSON number"),
    (#"{"Item":{"user_id":{"S":"u"},"b":{"B":"not base64!"}}}"#, "not valid padded base64"),
    (#"{"Item":{"user_id":{"S":"u"},"s":{"SS":[]}}}"#, "empty set"),
    (#"{"Item":{"user_id":{"S":"u"},"user_id":{"S":"v"}}}"#, "duplicate attribute name \"user_id\""),
    (#"{"Item":{"user_id":{"S":"u"},"n":{"N":"12abc"}}}"#, "not a decimal number"),
    (#"{"Item":{"timestamp#log_id":{"S":"2026-01-01T00:00:00Z#x"}}}"#, "no partition key \"user_id\""),
    (#"{"Item":{"user_id":{"S":"u"},"timestamp#log_id":{"S":"x"}"#, "unexpected end of line"),
  ])
  func aBadLineIsRefusedWithFileAndLine(line: String, reason: String) throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.replaceDataFile(1, lines: [validAuditLine, line])
    let file = try fixture.dataFiles()[1]
    let store = TestStore()
    let before = try store.snapshot()
    expectBadInput({ try store.importPaths([fixture.folder.path]) }, path: file.path, line: 2, containing: reason)
    #expect(try store.snapshot() == before)
  }

  @Test func nestedErrorsNameTheAttributePath() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.replaceDataFile(0, lines: [#"{"Item":{"user_id":{"S":"u"},"details":{"M":{"region":{"Q":"x"}}}}}"#])
    expectBadInput({ try TestStore().importPaths([fixture.folder.path]) }, line: 1, containing: #"attribute "details.region": unknown type descriptor "Q""#)
  }

  @Test func skipInvalidImportsTheRestAndWritesRejectsWithReasons() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let untouched = try fixture.manifestEntries().dropFirst().reduce(0) { $0 + ($1["itemCount"] as! Int) }
    try fixture.replaceDataFile(0, lines: [validAuditLine, #"{"Item":{"user_id":{"N":1}}}"#, "garbage"])
    var options = ImportOptions()
    options.skipInvalid = true
    options.rejectsPath = dir.file("rejects.jsonl").path
    let results = try TestStore().importPaths([fixture.folder.path], options: options)
    #expect(results[0].rejected == 2)
    let rejects = try readJSONLines(dir.file("rejects.jsonl"))
    #expect(rejects.map { $0["line"] as! Int } == [2, 3])
    #expect((rejects[0]["reason"] as! String).contains("not a JSON number"))
    #expect(rejects[1]["text"] as! String == "garbage")
    #expect(results[0].items == Int64(untouched + 1))
  }

  @Test func ionExportsAreRefusedWithAdvice() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editSummary { $0["outputFormat"] = "ION" }
    expectBadInput({ try TestStore().importPaths([fixture.folder.path]) }, containing: "DYNAMODB_JSON")
  }

  @Test func anUnknownTableNeedsAProfile() throws {
    let dir = TemporaryDirectory()
    let fixture = try ExportFixture.write(
      SeedTables.events(count: 3, end: SeedTables.sampleExportTime, seed: 1), table: "orders", root: dir.url)
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.usage(let message) = error else { return false }
      return message.contains("no profile matches table \"orders\"")
    }
    var options = ImportOptions()
    options.profile = "events"
    #expect(try TestStore().importPaths([fixture.folder.path], options: options)[0].profile == "events")
  }

  @Test func noncanonicalItemsAreKeptRawAndCounted() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let dup = #"{"Item":{"user_id":{"S":"u"},"timestamp#log_id":{"S":"2026-01-01T00:00:00Z#x"},"s":{"NS":["1","1.0"]}}}"#
    try fixture.replaceDataFile(0, lines: [dup])
    let store = TestStore()
    let results = try store.importPaths([fixture.folder.path])
    #expect(results[0].noncanonical == 1)
    let columns = try #require(try store.open().columns(table: "audit_logs", pk: "u", sk: "2026-01-01T00:00:00Z#x"))
    #expect(columns.noncanonical?.contains("duplicate set element") == true)
    #expect(try store.open().versions(table: "audit_logs", pk: "u", sk: "2026-01-01T00:00:00Z#x")[0].json.contains(#"["1","1.0"]"#))
  }
}
