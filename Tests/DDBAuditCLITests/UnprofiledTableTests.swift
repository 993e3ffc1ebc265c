import Crypto
import Foundation
import Testing
import TestSupport

/// Users' own tables import without a hand-written profile: ddbaudit learns their keys from
/// describe-table output, --key, or the Keys of stream records, and keeps what it learned.
@Suite struct UnprofiledTableTests {
  static let scan = RepoPaths.samples.appendingPathComponent("formats/scan/events.json").path

  /// describe-table output for a table named `orders` with the events sample's keys and two GSIs.
  static func describeTable(in dir: TemporaryDirectory) throws -> String {
    let file = dir.file("orders.describe-table.json")
    try """
      {"Table": {"TableName": "orders", "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        "KeySchema": [{"AttributeName": "user_id", "KeyType": "HASH"}, {"AttributeName": "timestamp#event_id", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [
          {"IndexName": "by-type", "KeySchema": [{"AttributeName": "event_type", "KeyType": "HASH"}, {"AttributeName": "timestamp#event_id", "KeyType": "RANGE"}]},
          {"IndexName": "by-status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}]}],
        "TableStatus": "ACTIVE", "CreationDateTime": "2024-03-04T09:12:45.318000+00:00"}}
      """.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  @Test func anUnknownTableIsRefusedWithWhatToDo() throws {
    let dir = TemporaryDirectory()
    let result = try CLI.run(["import", Self.scan, "--table", "orders", "--db", dir.file("s.sqlite").path])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--describe FILE") && result.stderr.contains("--key") && result.stderr.contains("profile init"))
  }

  @Test func describeTableGivesKeysIndexesAndTTLAndTheStoreRemembersThem() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("s.sqlite").path
    let ttl = RepoPaths.samples.appendingPathComponent("settings/audit_logs/describe-time-to-live.json").path
    let imported = try CLI.run(["import", Self.scan, "--table", "orders", "--describe", try Self.describeTable(in: dir), "--ttl-describe", ttl, "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    let tables = try CLI.run(["tables", "--db", db]).stdout
    #expect(tables.contains("orders  learned:orders"), "\(tables)")
    // The GSI attribute is served by an index, with no flag on the query.
    let query = try CLI.run(["query", "--db", db, "--table", "orders", "--where", "event_type=user.login", "--explain", "--format", "jsonl"])
    #expect(query.status == 0 && query.stderr.contains("USING INDEX items_by_ix1"), "\(query.stderr)")
    #expect(!query.stdout.isEmpty)
    // A second snapshot of the same table needs no flag; changed items are info, not tampering.
    let changed = dir.file("scan2.json")
    let text = try String(contentsOfFile: Self.scan, encoding: .utf8)
    let range = try #require(text.range(of: "\"processed\""))
    try text.replacingCharacters(in: range, with: "\"reprocessed\"").write(to: changed, atomically: true, encoding: .utf8)
    let again = try CLI.run(["import", changed.path, "--table", "orders", "--db", db, "--snapshot-time", "2030-01-01"])
    #expect(again.status == 0, "\(again.stderr)")
    let verify = try CLI.run(["verify", "--db", db, "--as-of", "2030-01-02", "--format", "json"])
    #expect(verify.status == 0, "a normal update of a mutable table fails no CI job: \(verify.stderr)")
    let findings = try #require((try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
    #expect(findings.count == 1)
    #expect(findings.first?["code"] as? String == "CHANGED" && findings.first?["severity"] as? String == "info")
    let detail = findings.first?["detail"] as? String ?? ""
    #expect(detail.contains("1 item changed between the scan output") && detail.contains("every attribute"), "\(detail)")
    // Keys that disagree with what the store holds are refused.
    let other = try CLI.run(["import", changed.path, "--table", "orders", "--key", "id", "--db", db])
    #expect(other.status == 64 && other.stderr.contains("user_id, timestamp#event_id"), "\(other.stderr)")
  }

  @Test func streamRecordsTeachTheirKeys() throws {
    let dir = TemporaryDirectory()
    let source = try String(
      contentsOf: RepoPaths.samples.appendingPathComponent("formats/stream/audit_logs.lambda.json"), encoding: .utf8)
    let file = dir.file("ledger.lambda.json")
    try source.replacingOccurrences(of: "table/audit_logs", with: "table/ledger-entries").write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    let imported = try CLI.run(["import", file.path, "--db", db, "--format", "json"])
    #expect(imported.status == 0, "\(imported.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
    let first = (result?["imports"] as? [[String: Any]])?.first
    #expect(first?["table"] as? String == "ledger-entries" && first?["profile"] as? String == "learned:ledger-entries")
    let rows = try CLI.run(["query", "--db", db, "--table", "ledger-entries", "--columns", "user_id,timestamp#log_id"]).stdout
    #expect(rows.hasPrefix("user_id,timestamp#log_id\r\n") && rows.split(separator: "\r\n").count > 1, "\(rows)")
  }

  /// SDK test events list Keys in any order (a map's order is the serializer's), so their order
  /// only names a partition key for the store; later files may list them the other way round.
  @Test func keysListedInEitherOrderAreOneTable() throws {
    let dir = TemporaryDirectory()
    func event(_ keys: String, seq: String) -> String {
      #"{"Records":[{"eventID":"e\#(seq)","eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{"ApproximateCreationDateTime":1795150000,"Keys":\#(keys),"NewImage":{"room":{"S":"r1"},"slot":{"S":"s\#(seq)"}},"SequenceNumber":"\#(seq)"},"eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/bookings/stream/2026-11-20T00:00:00.000"}]}"#
    }
    let db = dir.file("s.sqlite").path
    let first = dir.file("a.json")
    try event(#"{"slot":{"S":"s1"},"room":{"S":"r1"}}"#, seq: "1").write(to: first, atomically: true, encoding: .utf8)
    let second = dir.file("b.json")
    try event(#"{"room":{"S":"r1"},"slot":{"S":"s2"}}"#, seq: "2").write(to: second, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["import", first.path, "--db", db]).status == 0)
    let again = try CLI.run(["import", second.path, "--db", db])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try CLI.run(["query", "--db", db, "--table", "bookings", "--format", "jsonl"]).stdout.split(separator: "\n").count == 2)
  }

  @Test func incrementalExportsTeachTheirKeys() throws {
    let dir = TemporaryDirectory()
    let copy = dir.file("incremental")
    try FileManager.default.copyItem(at: RepoPaths.samples.appendingPathComponent("formats/incremental/events"), to: copy)
    let export = try #require(
      FileManager.default.enumerator(at: copy, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
        .first { $0.lastPathComponent == "manifest-summary.json" })
    // The same export, of a table no profile names; its manifest's checksum made anew.
    let summary = try String(contentsOf: export, encoding: .utf8).replacingOccurrences(of: "table/events", with: "table/orders-feed")
    try summary.write(to: export, atomically: true, encoding: .utf8)
    let md5 = Data(Insecure.MD5.hash(data: Data(summary.utf8))).base64EncodedString()
    try md5.write(to: export.deletingPathExtension().appendingPathExtension("md5"), atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    let imported = try CLI.run(["import", copy.path, "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try CLI.run(["tables", "--db", db]).stdout.contains("orders-feed  learned:orders-feed"))
  }

  @Test func keysGivenByHandAndTheSameFileForAnotherTable() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("s.sqlite").path
    #expect(try CLI.run(["import", Self.scan, "--table", "orders", "--key", "user_id,timestamp#event_id", "--db", db]).status == 0)
    let again = try CLI.run(["import", Self.scan, "--table", "orders", "--db", db])
    #expect(again.status == 0 && again.stdout.contains("already imported"))
    let elsewhere = try CLI.run(["import", Self.scan, "--table", "orders2", "--key", "user_id,timestamp#event_id", "--db", db])
    #expect(elsewhere.status == 64 && elsewhere.stderr.contains("already imported as table \"orders\""), "\(elsewhere.stderr)")
    // A matching profile's keys win, and must agree with --key.
    let clash = try CLI.run(["import", Self.scan, "--table", "events", "--key", "id", "--db", db])
    #expect(clash.status == 64 && clash.stderr.contains("matches profile events"))
  }

  @Test func profileInitWritesAProfileTheCatalogReadsBack() throws {
    let dir = TemporaryDirectory()
    let out = dir.file("profiles.json").path
    let written = try CLI.run([
      "profile", "init", "--describe", try Self.describeTable(in: dir), "--chained", "--minimum-years", "7", "--mutable", "status",
      "--output", out,
    ])
    #expect(written.status == 0, "\(written.stderr)")
    let listed = try CLI.run(["profile", "list", "--profiles", out, "--format", "json"])
    let profiles = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["profiles"] as? [[String: Any]])
    let orders = try #require(profiles.first { $0["name"] as? String == "orders" })
    #expect(orders["partitionKey"] as? String == "user_id" && orders["sortKey"] as? String == "timestamp#event_id")
    #expect(orders["indexes"] as? [String] == ["event_type", "status"])
    #expect(orders["chained"] as? Bool == true && orders["mutableAttributes"] as? [String] == ["status"])
    #expect(orders["recordTime"] as? String == "sort key prefix")
    #expect((orders["retention"] as? String)?.contains("kept ≥ 7 years") == true)
    #expect(profiles.count == 7, "the six built-in ones too")
  }
}
