import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditFiles
@testable import DDBAuditChecks

@Suite struct SettingsTests {
  static let asOf = Timestamp.parseISO8601("2026-11-21T00:00:00Z")!
  let checker = SettingsChecker(catalog: ProfileCatalog(profiles: BuiltinProfiles.all))

  /// Writes AWS CLI outputs into `dir/<folder>/<name>` and returns the folder.
  func write(_ files: [String: String], in dir: TemporaryDirectory, folder: String = "t") throws -> String {
    let url = dir.file(folder)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    return url.path
  }

  static func table(_ name: String, stream: String? = "NEW_AND_OLD_IMAGES", sse: Bool = true, protection: Bool = true, created: String = "1709543565.318") -> String {
    let streamSpec = stream.map { #""StreamSpecification": {"StreamEnabled": true, "StreamViewType": "\#($0)"},"# } ?? ""
    let sseSpec = sse ? #""SSEDescription": {"Status": "ENABLED", "SSEType": "KMS"},"# : ""
    return #"{"Table": {"TableName": "\#(name)", "TableStatus": "ACTIVE", "CreationDateTime": \#(created), \#(streamSpec) \#(sseSpec) "DeletionProtectionEnabled": \#(protection)}}"#
  }
  static func ttl(_ status: String, _ attribute: String = "ttl") -> String {
    #"{"TimeToLiveDescription": {"TimeToLiveStatus": "\#(status)", "AttributeName": "\#(attribute)"}}"#
  }
  static func backups(_ status: String, earliest: String = "1792476000.0") -> String {
    #"{"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "\#(status)", "EarliestRestorableDateTime": \#(earliest)}}}"#
  }

  func codes(_ files: [String: String], table: String? = nil) throws -> [String] {
    let dir = TemporaryDirectory()
    let folder = try write(files, in: dir)
    return try checker.check(try SettingsReader.read(paths: [folder], table: table), asOf: Self.asOf).findings.map(\.code.rawValue)
  }

  @Test func aWellConfiguredAuditTableIsClean() throws {
    #expect(try codes(["a.json": Self.table("audit_logs"), "b.json": Self.ttl("ENABLED"), "c.json": Self.backups("ENABLED")]).isEmpty)
  }

  @Test func eachSettingsCode() throws {
    #expect(try codes(["a.json": Self.table("audit_logs"), "b.json": Self.ttl("DISABLED")]) == ["TTL_NOT_ENABLED"])
    #expect(try codes(["a.json": Self.table("audit_logs"), "b.json": Self.ttl("ENABLING")]) == ["TTL_NOT_ENABLED"])
    #expect(try codes(["a.json": Self.table("audit_logs"), "b.json": Self.ttl("ENABLED", "expires_at")]) == ["TTL_WRONG_ATTRIBUTE"])
    #expect(try codes(["a.json": Self.table("audit_logs"), "c.json": Self.backups("DISABLED")]) == ["PITR_DISABLED"])
    #expect(try codes(["a.json": Self.table("audit_logs", stream: nil)]) == ["STREAM_DISABLED"])
    #expect(try codes(["a.json": Self.table("audit_logs", stream: "NEW_IMAGE")]) == ["STREAM_VIEW_TYPE"])
    #expect(try codes(["a.json": Self.table("audit_logs", sse: false)]) == ["SSE_NOT_DESCRIBED"])
    #expect(try codes(["a.json": Self.table("audit_logs", protection: false)]) == ["DELETION_PROTECTION_OFF"])
    // Streams and deletion protection matter for audit tables only.
    #expect(try codes(["a.json": Self.table("events", stream: nil, protection: false)]).isEmpty)
  }

  @Test func cliV1EpochFloatsAndV2ISOStringsReadTheSame() throws {
    let dir = TemporaryDirectory()
    let v1 = try write(["t.json": Self.table("audit_logs", created: "1709543565.318"), "b.json": Self.backups("ENABLED", earliest: "1792476000.5")], in: dir, folder: "v1")
    let v2 = try write(["t.json": Self.table("audit_logs", created: "\"2024-03-04T09:12:45.318000+00:00\""), "b.json": Self.backups("ENABLED", earliest: "\"2026-10-20T06:00:00.500000+00:00\"")], in: dir, folder: "v2")
    let a = try SettingsReader.read(paths: [v1], table: nil)[0]
    let b = try SettingsReader.read(paths: [v2], table: nil)[0]
    #expect(a.described?.created == b.described?.created && a.described?.created == Timestamp.parseISO8601("2024-03-04T09:12:45.318Z"))
    #expect(a.pointInTimeRecovery?.earliest == b.pointInTimeRecovery?.earliest)
  }

  @Test func filesWithoutATableNameFindTheirTable() throws {
    let dir = TemporaryDirectory()
    // By file name.
    let loose = try write(["events.ttl.json": Self.ttl("ENABLED", "expires_at")], in: dir, folder: "loose")
    let byName = try SettingsReader.read(paths: [loose + "/events.ttl.json"], table: nil)
    #expect(byName.map(\.table) == ["events"])
    // By --table, which a describe-table for another table contradicts.
    let mixed = try write(["t.json": Self.table("audit_logs"), "ttl.json": Self.ttl("ENABLED")], in: dir, folder: "mixed")
    #expect(try SettingsReader.read(paths: [mixed], table: nil).map(\.table) == ["audit_logs"])
    #expect(throws: DDBAuditError.self) { try SettingsReader.read(paths: [mixed], table: "events") }
  }

  @Test func unknownShapesAndBadJSONNameTheFile() throws {
    let dir = TemporaryDirectory()
    let folder = try write(["x.json": #"{"Tables": []}"#], in: dir)
    #expect {
      _ = try SettingsReader.read(paths: [folder], table: nil)
    } throws: { error in
      "\(error)".hasPrefix(folder + "/x.json: not the output of describe-table") && (error as? DDBAuditError)?.isBadInput == true
    }
    let broken = try write(["y.json": #"{"Table": {"TableName": "audit_logs""#], in: dir, folder: "broken")
    #expect { _ = try SettingsReader.read(paths: [broken], table: nil) } throws: { "\($0)".contains("y.json:1: not valid JSON: Unexpected end of file") }
  }

  @Test func theSampleSettingsShowTheirMistakes() throws {
    let paths = ["audit_logs", "ec2-audit-logs", "events"].map { RepoPaths.samples.appendingPathComponent("settings/\($0)").path }
    let report = try checker.check(try SettingsReader.read(paths: paths, table: nil), asOf: Self.asOf)
    #expect(report.findings.filter { $0.table == "audit_logs" }.isEmpty)
    #expect(Set(report.findings.map(\.code.rawValue)) == ["DELETION_PROTECTION_OFF", "PITR_DISABLED", "SSE_NOT_DESCRIBED", "STREAM_VIEW_TYPE", "TTL_WRONG_ATTRIBUTE"])
    let object = try JSONSerialization.jsonObject(with: Data(report.json.bytes())) as! [String: Any]
    #expect(object["schema"] as? String == "ddbaudit.settings/1")
  }
}
