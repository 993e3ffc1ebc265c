import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

/// A clean audit_logs export of 50 chained records, written fresh for each test.
func cleanAuditExport(_ dir: TemporaryDirectory, count: Int = 50, exportTime: Int64 = SeedTables.sampleExportTime) throws -> ExportFixture {
  try ExportFixture.write(
    SeedTables.auditLogs(count: count, users: 5, end: exportTime - 86_400_000, spanDays: 100, seed: 3),
    table: "audit_logs", root: dir.url, exportTime: exportTime)
}

func expectBadInput(_ body: () throws -> Void, path: String? = nil, line: Int? = nil, containing text: String) {
  do {
    try body()
    Issue.record("expected bad input containing \"\(text)\"")
  } catch let error as DDBAuditError {
    guard case .badInput(let p, let l, let message) = error else {
      Issue.record("expected badInput, got \(error)")
      return
    }
    if let path { #expect(p == path) }
    if let line { #expect(l == line) }
    #expect(message.contains(text), "\(message)")
    #expect(error.isBadInput)
  } catch {
    Issue.record("unexpected error \(error)")
  }
}

@Suite struct FullExportImportTests {
  @Test func everyAttributeTypeRoundTripsLosslessly() throws {
    let dir = TemporaryDirectory()
    let line =
      #"{"Item":{"user_id":{"S":"u-é😀"},"timestamp#log_id":{"S":"2026-01-02T03:04:05.678+02:00#l1"},"#
      + #""big":{"N":"12345678901234567890123456789012345678"},"tiny":{"N":"1E-130"},"huge":{"N":"9.9999999999999999999999999999999999999E+125"},"#
      + #""b":{"B":"AP9oaQ=="},"t":{"BOOL":true},"z":{"NULL":true},"m":{"M":{"l":{"L":[{"S":""},{"N":"-0.50"}]}}},"#
      + #""ss":{"SS":["b","a"]},"ns":{"NS":["2","10"]},"bs":{"BS":["Ag==","AQ=="]},"ttl":{"N":"1958000000"}}}"#
    let fixture = try cleanAuditExport(dir, count: 5)
    try fixture.replaceDataFile(0, lines: [line])
    let store = TestStore()
    try store.importPaths([fixture.folder.path])
    let versions = try store.open().versions(table: "audit_logs", pk: "u-é😀", sk: "2026-01-02T03:04:05.678+02:00#l1")
    #expect(versions.count == 1)
    let expected =
      #"{"b":{"B":"AP9oaQ=="},"big":{"N":"12345678901234567890123456789012345678"},"bs":{"BS":["AQ==","Ag=="]},"#
      + #""huge":{"N":"999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},"#
      + #""m":{"M":{"l":{"L":[{"S":""},{"N":"-0.5"}]}}},"ns":{"NS":["10","2"]},"ss":{"SS":["a","b"]},"t":{"BOOL":true},"#
      + #""timestamp#log_id":{"S":"2026-01-02T03:04:05.678+02:00#l1"},"tiny":{"N":"0."# + String(repeating: "0", count: 129) + #"1"},"#
      + #""ttl":{"N":"1958000000"},"user_id":{"S":"u-é😀"},"z":{"NULL":true}}"#
    #expect(versions[0].json == expected)
    let columns = try #require(try store.open().columns(table: "audit_logs", pk: "u-é😀", sk: "2026-01-02T03:04:05.678+02:00#l1"))
    #expect(columns.recordTime == Timestamp.parseISO8601("2026-01-02T01:04:05.678Z"))
    #expect(columns.ttl == 1_958_000_000)
  }

  @Test func mapsNestThirtyTwoLevelsButNotMore() throws {
    func nested(_ depth: Int) -> String {
      var value = #"{"S":"leaf"}"#
      for _ in 0..<depth { value = #"{"M":{"k":"# + value + "}}" }
      return #"{"Item":{"user_id":{"S":"u"},"timestamp#log_id":{"S":"2026-01-01T00:00:00Z#a"},"deep":"# + value + "}}"
    }
    let dir = TemporaryDirectory()
    let ok = try cleanAuditExport(dir, count: 5)
    try ok.replaceDataFile(0, lines: [nested(32)])
    try TestStore().importPaths([ok.folder.path])

    let dir2 = TemporaryDirectory()
    let tooDeep = try cleanAuditExport(dir2, count: 5)
    try tooDeep.replaceDataFile(0, lines: [nested(33)])
    expectBadInput({ try TestStore().importPaths([tooDeep.folder.path]) }, line: 1, containing: "deeper than 32")
  }

  @Test func importingTheSameExportTwiceAddsNothing() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let store = TestStore()
    let first = try store.importPaths([fixture.folder.path])
    #expect(first.map(\.items) == [50])
    #expect(first[0].verified && !first[0].alreadyImported)
    let before = try store.snapshot()
    let second = try store.importPaths([dir.path])
    #expect(second[0].alreadyImported)
    #expect(try store.snapshot() == before)
  }

  @Test func acceptsTheExportFolderItsManifestOrAnyFolderAbove() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    for path in [fixture.folder.path, fixture.folder.appendingPathComponent("manifest-summary.json").path, dir.path] {
      let results = try TestStore().importPaths([path])
      #expect(results.count == 1 && results[0].items == 50, "\(path)")
    }
  }

  @Test func aSymlinkedFolderIsWalkedToo() throws {
    let dir = TemporaryDirectory()
    _ = try cleanAuditExport(dir)
    let link = TemporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: link.file("exports").path, withDestinationPath: dir.path)
    #expect(try TestStore().importPaths([link.file("exports").path]).map(\.items) == [50])
  }

  @Test func emptyDataFilesAsZeroBytesOrEmptyGzipAreFine() throws {
    let dir = TemporaryDirectory()
    let fixture = try ExportFixture.write(
      SeedTables.auditLogs(count: 10, users: 1, end: SeedTables.sampleExportTime, spanDays: 10, seed: 1),
      table: "audit_logs", root: dir.url, files: 3)
    try fixture.replaceDataFile(1, lines: [], raw: Data())
    try fixture.replaceDataFile(2, lines: [])  // a valid gzip stream of nothing
    let results = try TestStore().importPaths([fixture.folder.path])
    #expect(results[0].verified)
  }

  @Test func aChangedItemKeepsItsEarlierVersionAndTheImportThatHadIt() throws {
    let dir = TemporaryDirectory()
    var items = SeedTables.events(count: 20, end: SeedTables.sampleExportTime, seed: 5)
    _ = try ExportFixture.write(items, table: "events", root: dir.url, exportTime: SeedTables.sampleExportTime)
    items[3].set("status", .s("failed"))
    _ = try ExportFixture.write(items, table: "events", root: dir.url, exportTime: SeedTables.sampleExportTime + 86_400_000)
    let store = TestStore()
    let results = try store.importPaths([dir.path])
    #expect(results.map(\.newVersions) == [20, 1])
    let pk = items[3]["user_id"]!.stringValue!
    let sk = items[3]["timestamp#event_id"]!.stringValue!
    let versions = try store.open().versions(table: "events", pk: pk, sk: sk)
    #expect(versions.count == 2)
    #expect(versions[0].imports == [1] && versions[1].imports == [2])
    #expect(versions[1].json.contains(#""status":{"S":"failed"}"#))
    let listing = try store.open().listTables()
    #expect(listing[0].items == 20 && listing[0].versions == 21)
  }
}
