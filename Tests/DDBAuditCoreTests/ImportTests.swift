import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditImport


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

@Suite struct ChecksumTests {
  @Test func aDataFileWhoseMD5LiesIsRefusedNamingBothValues() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let file = try fixture.dataFiles()[1]
    let actual = try fixture.manifestEntries()[1]["md5Checksum"] as! String
    try fixture.editManifestFiles { $0[1]["md5Checksum"] = "AAAAAAAAAAAAAAAAAAAAAA==" }
    let store = TestStore()
    let before = try store.snapshot()
    #expect {
      try store.importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(let path, let message) = error else { return false }
      return path == file.path && message.contains(actual) && message.contains("AAAAAAAAAAAAAAAAAAAAAA==")
    }
    #expect(try store.snapshot() == before)
  }

  @Test func allowUnverifiedImportsAnywayAndRecordsIt() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editManifestFiles { $0[0]["md5Checksum"] = "AAAAAAAAAAAAAAAAAAAAAA==" }
    var options = ImportOptions()
    options.allowUnverified = true
    let store = TestStore()
    let results = try store.importPaths([fixture.folder.path], options: options)
    #expect(!results[0].verified && results[0].items == 50)
    #expect(results[0].problems.count == 1)
    #expect(try store.open().listTables()[0].imports[0].verified == false)
  }

  @Test func aManifestWhoseOwnMD5LiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try Data("bm90IHRoZSByaWdodCBzdW0=\n".utf8).write(to: fixture.folder.appendingPathComponent("manifest-summary.md5"))
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(let path, _) = error else { return false }
      return path.hasSuffix("manifest-summary.md5")
    }
  }

  @Test func checksumFilesMayBeNamedDotChecksum() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    for name in ["manifest-summary", "manifest-files"] {
      try FileManager.default.moveItem(
        at: fixture.folder.appendingPathComponent("\(name).md5"), to: fixture.folder.appendingPathComponent("\(name).checksum"))
    }
    #expect(try TestStore().importPaths([fixture.folder.path])[0].verified)
  }

  @Test func aFileWhoseItemCountLiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editManifestFiles { $0[0]["itemCount"] = ($0[0]["itemCount"] as! Int) + 1 }
    try fixture.editSummary { $0["itemCount"] = 51 }
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(_, let message) = error else { return false }
      return message.contains("itemCount")
    }
  }

  @Test func aSummaryWhoseTotalLiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editSummary { $0["itemCount"] = 49 }
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(_, let message) = error else { return false }
      return message.contains("add up to 50") && message.contains("49")
    }
  }

  @Test func aTruncatedGzipIsRefusedNamingTheFile() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let file = try fixture.dataFiles()[0]
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count / 2).write(to: file)
    let store = TestStore()
    let before = try store.snapshot()
    expectBadInput({ try store.importPaths([fixture.folder.path]) }, path: file.path, containing: "truncated gzip")
    #expect(try store.snapshot() == before)
  }

  @Test(arguments: [
    "exports/audit_logs/AWSDynamoDB/EXPORT/data/../../../../etc/passwd",
    "/etc/passwd",
    "exports/audit_logs/AWSDynamoDB/EXPORT/../other/data/x.json.gz",
    "no-prefix/data/x.json.gz",
  ])
  func aDataFileKeyThatClimbsOutIsRefused(key: String) throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let exportID = fixture.folder.lastPathComponent
    try fixture.editManifestFiles { $0[0]["dataFileS3Key"] = key.replacingOccurrences(of: "EXPORT", with: exportID) }
    expectBadInput(
      { try TestStore().importPaths([fixture.folder.path]) },
      path: fixture.folder.appendingPathComponent("manifest-files.json").path, line: 1, containing: "dataFileS3Key")
  }
}

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

@Suite struct ProfileTests {
  @Test func exactNamesWinOverPatterns() throws {
    let catalog = ProfileCatalog(profiles: BuiltinProfiles.all)
    #expect(catalog.profile(forTable: "ec2-audit-logs")?.name == "ec2-audit-logs")
    #expect(catalog.profile(forTable: "prod-audit-logs")?.name == "audit_logs")
    #expect(catalog.profile(forTable: "staging-events")?.name == "events")
    #expect(catalog.profile(forTable: "orders") == nil)
  }

  @Test func aProfilesFileDescribesOtherTables() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("profiles.json")
    try Data(
      #"""
      {"profiles":[
        {"name":"orders-audit","match":["orders-audit*"],"partitionKey":"tenant","sortKey":"at","timestampAttribute":"at",
         "chained":true,"indexes":["action"],"retention":{"ttlRequired":true,"minimumYears":10}},
        {"name":"events","extends":"events","retention":{"maximumDays":45}}
      ]}
      """#.utf8).write(to: file)
    let catalog = try ProfileCatalog.load(profilesFile: file.path)
    let orders = try #require(catalog.profile(forTable: "orders-audit-eu"))
    #expect(orders.partitionKey == "tenant" && orders.time == .attribute("at") && orders.chain != nil)
    #expect(orders.retention.minimumYears == 10)
    let events = try #require(catalog.profile(forTable: "events"))
    #expect(events.partitionKey == "user_id" && events.retention.maximumSeconds == 45 * 86_400)
  }

  @Test func aBrokenProfilesFileNamesItsProblem() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("profiles.json")
    try Data(#"{"profiles":[{"name":"x"}]}"#.utf8).write(to: file)
    #expect {
      _ = try ProfileCatalog.load(profilesFile: file.path)
    } throws: { error in
      "\(error)".contains("partitionKey") && "\(error)".hasPrefix(file.path)
    }
  }

  @Test func recordTimeComesFromTheProfilesTimeSource() throws {
    let dir = TemporaryDirectory()
    let items = SeedTables.ec2AuditLogs(count: 4, users: 1, end: SeedTables.sampleExportTime, seed: 2)
    let fixture = try ExportFixture.write(items, table: "ec2-audit-logs", root: dir.url)
    let store = TestStore()
    try store.importPaths([fixture.folder.path])
    let first = items[0]
    let columns = try #require(
      try store.open().columns(table: "ec2-audit-logs", pk: first["userId"]!.stringValue!, sk: first["timestamp"]!.stringValue!))
    #expect(columns.recordTime == Timestamp.parseISO8601(first["timestamp"]!.stringValue!))
    #expect(columns.ix1 == first["action"]!.stringValue && columns.ix2 == first["resourceId"]!.stringValue)
  }
}

@Suite struct TimestampTests {
  @Test(arguments: [
    ("2025-01-13T10:30:00Z", 1_736_764_200_000), ("2025-01-13T10:30:00.250Z", 1_736_764_200_250),
    ("2025-01-13T12:30:00+02:00", 1_736_764_200_000), ("2025-01-13T05:30:00-0500", 1_736_764_200_000),
    ("2025-01-13", 1_736_726_400_000), ("2024-02-29T00:00:00Z", 1_709_164_800_000),
  ] as [(String, Int64)])
  func parsesISO8601(text: String, ms: Int64) {
    #expect(Timestamp.parseISO8601(text) == ms)
  }

  @Test(arguments: ["2025-01-13T10:30:00", "2025-02-30", "13/01/2025", "2025-01-13T25:00:00Z", ""])
  func rejectsAmbiguousOrInvalidTimes(text: String) {
    #expect(Timestamp.parseISO8601(text) == nil)
  }

  @Test func formatsRoundTrip() {
    #expect(Timestamp.iso8601(milliseconds: 1_736_764_200_250) == "2025-01-13T10:30:00.250Z")
    #expect(Timestamp.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
  }
}
