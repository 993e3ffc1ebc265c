import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

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
