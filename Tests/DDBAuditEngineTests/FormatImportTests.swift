import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditStore
@testable import DDBAuditImport
@testable import DDBAuditChecks

/// Imports of every format other than the full export: one test per sample, and for each
/// format at least one malformed case that is refused with file:line and leaves the store as
/// it was.
@Suite struct FormatImportTests {
  static let formats = RepoPaths.samples.appendingPathComponent("formats")
  static func sample(_ name: String) -> String { formats.appendingPathComponent(name).path }

  /// A store holding the sample full exports.
  static func store() throws -> TestStore {
    let store = try TestStore.samples()
    return store
  }

  static func options(table: String? = nil, format: ImportFormat? = nil) -> ImportOptions {
    var o = ImportOptions()
    o.table = table
    o.format = format
    return o
  }

  /// Writes `text` to a file and expects importing it to fail naming that file and `line`,
  /// with the store unchanged.
  static func expectRefused(
    _ text: String, name: String, table: String? = "events", line: Int?, saying fragment: String, format: ImportFormat? = nil
  ) throws {
    let store = try Self.store()
    let before = try store.snapshot()
    let dir = TemporaryDirectory()
    let path = dir.file(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    #expect {
      try store.importPaths([path], options: options(table: table, format: format))
    } throws: { error in
      let text = "\(error)"
      let prefix = line.map { "\(path):\($0): " } ?? "\(path)"
      let ok = text.hasPrefix(prefix) && text.contains(fragment) && (error as? DDBAuditError)?.isBadInput == true
      if !ok { Issue.record("got: \(text)") }
      return ok
    }
    #expect(try store.snapshot() == before, "the store is unchanged")
  }

  /// Expects a usage error (exit 64) naming the file.
  static func expectUsage(_ text: String, name: String, saying fragment: String) throws {
    let store = try Self.store()
    let dir = TemporaryDirectory()
    let path = dir.file(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    #expect {
      try store.importPaths([path], options: options())
    } throws: { error in
      "\(error)".hasPrefix(path) && "\(error)".contains(fragment) && (error as? DDBAuditError)?.isUsage == true
    }
  }

  @Test func formatsAreDetectedFromLayoutAndFirstValue() throws {
    #expect(try SourceReader.detect(Self.sample("incremental/audit_logs")) == .export)  // a folder; its summary says incremental
    #expect(try SourceReader.detect(Self.sample("scan/events.json")) == .scan)
    #expect(try SourceReader.detect(Self.sample("stream/audit_logs.lambda.json")) == .stream)
    #expect(try SourceReader.detect(Self.sample("stream/events.getrecords.json")) == .stream)
    #expect(try SourceReader.detect(Self.sample("stream/webhook_events.kinesis.jsonl")) == .stream)
    #expect(try SourceReader.detect(Self.sample("pipeline/api_keys.datapipeline")) == .pipeline)
    #expect(try SourceReader.detect(Self.sample("pipeline/api_keys.hive")) == .pipeline)
    #expect(try SourceReader.detect(Self.sample("jsonl/idempotency_keys.jsonl.gz")) == .jsonl)
    #expect(try SourceReader.detect(RepoPaths.samples.appendingPathComponent("items/audit_logs.jsonl").path) == .jsonl)
  }

  @Test func everyKindOfImportLeavesTheStoreConsistent() throws {
    let store = try Self.store()
    try store.importPaths([Self.sample("incremental/audit_logs"), Self.sample("incremental/events")])
    try store.importPaths([Self.sample("scan/events.json")], options: Self.options(table: "events"))
    try store.importPaths([Self.sample("stream/audit_logs.lambda.json")], options: Self.options(table: "audit_logs"))
    try store.importPaths([Self.sample("pipeline/api_keys.hive")], options: Self.options(table: "api_keys"))
    try store.importPaths([Self.sample("jsonl/idempotency_keys.jsonl.gz")], options: Self.options(table: "idempotency_keys"))
    let db = try store.open()
    #expect(try db.consistencyProblems() == [])
    // A full (or snapshot) import sights exactly the items it holds, one each.
    for table in try db.listTables() {
      for record in table.imports where [ImportKind.full, .scan, .pipeline, .jsonl].contains(record.kind) {
        #expect(try db.itemCount(latest: record.id) == record.itemCount, "\(table.name) \(record.identity)")
      }
    }
  }

  // MARK: Incremental exports

  @Test func incrementalExportsAppendToTheStateAndVerifyClean() throws {
    let store = try Self.store()
    let results = try store.importPaths([Self.sample("incremental/audit_logs"), Self.sample("incremental/events")])
    #expect(results.map(\.kind) == [.incremental, .incremental] && results.allSatisfy(\.verified))
    let db = try store.open()
    let (table, latest) = try db.currentState(table: "audit_logs")!
    #expect(latest.kind == .incremental)
    #expect(try db.itemCount(latest: latest.id) == 306, "300 from the full export + 6 appended")
    _ = table
    // events: two status changes (mutable) and a delete of Keys only (NEW_IMAGE view).
    let events = try db.currentState(table: "events")!
    #expect(try db.itemCount(latest: events.latest.id) == 400)
    let result = try Verifier(store: db, catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(
      VerifyOptions(asOf: SeedTables.sampleExportTime + 2 * 86_400_000))
    #expect(result.findings.isEmpty, "\(result.findings.map(\.line))")
    // Again: nothing added.
    #expect(try store.importPaths([Self.sample("incremental/audit_logs")]).allSatisfy(\.alreadyImported))
  }

  @Test func anIncrementalModifyOfAnAuditRecordIsModified() throws {
    let store = try Self.store()
    let dir = TemporaryDirectory()
    // Copy the sample incremental export and rewrite its data file with a MODIFY of seq 1.
    let copy = dir.file("inc")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.sample("incremental/audit_logs")), to: copy)
    let first = SeedTables.sampleAuditLogs().first!
    var changed = first
    changed.set("ip_address", .s("198.51.100.99"))
    let line = #"{"Metadata":{"WriteTimestampMicros":{"N":"\#((SeedTables.sampleExportTime + 3_600_000) * 1000)"}},"Keys":{"user_id":{"S":"\#(first["user_id"]!.stringValue!)"},"timestamp#log_id":{"S":"\#(first["timestamp#log_id"]!.stringValue!)"}},"NewImage":\#(String(decoding: DynamoJSONEncoder.encode(changed), as: UTF8.self))}"#
    let fixture = try IncrementalFixture(folder: copy)
    try fixture.replaceData(lines: [line])
    try store.importPaths([fixture.exportFolder.path])
    let result = try Verifier(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(
      VerifyOptions(asOf: SeedTables.sampleExportTime + 2 * 86_400_000))
    let modified = result.findings.filter { $0.code == .modified }
    #expect(modified.count == 1 && modified[0].seq == 1, "\(result.findings.map(\.line))")
    #expect(modified[0].detail.contains("ip_address") && modified[0].detail.contains("a MODIFY"))
  }

  @Test func incrementalMalformedCases() throws {
    let store = try Self.store()
    let dir = TemporaryDirectory()
    let copy = dir.file("inc")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.sample("incremental/audit_logs")), to: copy)
    let fixture = try IncrementalFixture(folder: copy)
    try fixture.replaceData(lines: [#"{"Metadata":{"WriteTimestampMicros":{"N":"1"}},"NewImage":{"user_id":{"S":"u"}}}"#])
    let before = try store.snapshot()
    #expect {
      try store.importPaths([fixture.exportFolder.path])
    } throws: { "\($0)".contains(".json.gz:1: an incremental export record without \"Keys\"") }
    #expect(try store.snapshot() == before)
    // A checksum that does not match the shared data file.
    try fixture.replaceData(lines: ["{}"], refreshManifest: false)
    #expect(throws: DDBAuditError.self) { try store.importPaths([fixture.exportFolder.path]) }
  }

  // MARK: Scan

  @Test func scanPagesAppendedAreOneSnapshot() throws {
    let store = try Self.store()
    let results = try store.importPaths([Self.sample("scan/events.json")], options: Self.options(table: "events"))
    #expect(results[0].kind == .scan && results[0].items == 12 && results[0].identity.hasPrefix("sha256:"))
    let again = try store.importPaths([Self.sample("scan/events.json")], options: Self.options(table: "events"))
    #expect(again[0].alreadyImported, "the same content twice adds nothing")
    let db = try store.open()
    #expect(try db.itemCount(latest: try db.currentState(table: "events")!.latest.id) == 12)
  }

  @Test func scanMalformedCases() throws {
    let item = #"{"user_id":{"S":"u-1"},"timestamp#event_id":{"S":"2026-11-01T00:00:00Z#e"}}"#
    try Self.expectRefused(
      "{\"Items\": [\n  \(item),\n  \(item)\n", name: "truncated.json", line: 4, saying: "truncated", format: .scan)
    try Self.expectRefused(
      "{\"Items\": [\(item)], \"Count\": 1}\n{\"Count\": 0}\n", name: "nopage.json", line: 2, saying: "neither \"Items\" nor \"Item\"")
    try Self.expectRefused(
      "{\"Items\": [\n\(item),\n{\"user_id\":{\"S\":\"u\"},\"timestamp#event_id\":{\"Q\":\"x\"}}]}", name: "badtype.json", line: 3,
      saying: "unknown type descriptor")
    try Self.expectUsage("{\"Items\": []}", name: "notable.json", saying: "scan files carry no table name; pass --table")
  }

  @Test func getItemOutputIsAccepted() throws {
    let store = try Self.store()
    let dir = TemporaryDirectory()
    let path = dir.file("get.json").path
    try Data("{\n    \"Item\": {\n        \"idempotency_key\": {\"S\": \"idem-1\"},\n        \"created_at\": {\"S\": \"2026-11-20T00:00:00Z\"}\n    }\n}\n".utf8)
      .write(to: URL(fileURLWithPath: path))
    #expect(try SourceReader.detect(path) == .scan)
    #expect(try store.importPaths([path], options: Self.options(table: "idempotency_keys"))[0].items == 1)
  }

  // MARK: Streams

  @Test func lambdaGetRecordsAndKinesisRecordsApplyInTimeOrder() throws {
    let store = try Self.store()
    try store.importPaths([Self.sample("incremental/audit_logs")])
    let lambda = try store.importPaths([Self.sample("stream/audit_logs.lambda.json")])
    #expect(lambda[0].table == "audit_logs" && lambda[0].items == 3, "table from eventSourceARN")
    let getRecords = try store.importPaths([Self.sample("stream/events.getrecords.json")], options: Self.options(table: "events"))
    #expect(getRecords[0].items == 2)
    let kinesis = try store.importPaths([Self.sample("stream/webhook_events.kinesis.jsonl")])
    #expect(kinesis[0].table == "webhook_events" && kinesis[0].items == 2, "the duplicate eventID is dropped")
    let db = try store.open()
    // The later record (delivered) wins although it comes first in the file.
    let webhooks = try db.currentState(table: "webhook_events")!
    let id = SeedTables.webhookEvents(count: 10, end: SeedTables.sampleExportTime, seed: 16).first { $0["status"]?.stringValue == "pending" }!["webhook_id"]!.stringValue!
    var statuses: [String] = []
    try db.forEachItem(ItemSelection(tableID: webhooks.table.id, latest: webhooks.latest.id), attributes: ["status", "attempts"]) { row, values in
      if row.pk == id { statuses.append(values[0]!.stringValue! + "/" + values[1]!.numberText!) }
    }
    #expect(statuses == ["delivered/2"])
    let result = try Verifier(store: db, catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(
      VerifyOptions(asOf: SeedTables.sampleExportTime + 2 * 86_400_000))
    #expect(result.findings.isEmpty, "appends, a status change and a TTL deletion are all legitimate: \(result.findings.map(\.line))")
  }

  @Test func streamTimesInEveryPrecision() throws {
    func at(_ record: String) throws -> Int64? {
      var bytes = Array(record.utf8)
      return try bytes.withUnsafeMutableBufferPointer { p in
        let buffer = UnsafeBufferPointer(p)
        return try SourceReader.streamRecord(JSONLexer(buffer), 0..<buffer.count, line: 1).at
      }
    }
    let keys = #""Keys":{"user_id":{"S":"u"}}"#
    let t = Timestamp.parseISO8601("2026-11-20T07:00:00.123Z")!
    #expect(try at(#"{"eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1795158000.123,\#(keys)}}"#) == t, "Lambda: seconds")
    #expect(try at(#"{"eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":"2026-11-20T07:00:00.123000+00:00",\#(keys)}}"#) == t, "CLI v2")
    #expect(try at(#"{"eventName":"INSERT","tableName":"t","dynamodb":{"ApproximateCreationDateTime":1795158000123,\#(keys)}}"#) == t, "Kinesis ms")
    #expect(
      try at(#"{"eventName":"INSERT","tableName":"t","dynamodb":{"ApproximateCreationDateTime":1795158000123456,"ApproximateCreationDateTimePrecision":"MICROSECOND",\#(keys)}}"#)
        == t, "Kinesis µs")
  }

  static func streamRecord(_ name: String, identity: String = "", old: Bool = true) -> String {
    let first = SeedTables.sampleAuditLogs().first!
    let keys = #"{"user_id":{"S":"\#(first["user_id"]!.stringValue!)"},"timestamp#log_id":{"S":"\#(first["timestamp#log_id"]!.stringValue!)"}}"#
    var changed = first
    changed.set("action", .s("LOGOUT"))
    let image = String(decoding: DynamoJSONEncoder.encode(changed), as: UTF8.self)
    let oldImage = String(decoding: DynamoJSONEncoder.encode(first), as: UTF8.self)
    let newPart = name == "REMOVE" ? "" : #","NewImage":\#(image)"#
    return #"{"eventID":"\#(name)-1","eventName":"\#(name)","dynamodb":{"ApproximateCreationDateTime":\#(SeedTables.sampleExportTime / 1000 + 3600),"Keys":\#(keys)\#(newPart)\#(old ? #","OldImage":\#(oldImage)"# : "")}\#(identity),"eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/audit_logs/stream/x"}"#
  }

  @Test func aStreamModifyOrAUserRemoveOfAnAuditRecordIsFound() throws {
    for (record, code) in [
      (Self.streamRecord("MODIFY"), FindingCode.modified), (Self.streamRecord("MODIFY", old: false), .modified),
      (Self.streamRecord("REMOVE"), .missing),
    ] {
      let store = try Self.store()
      let dir = TemporaryDirectory()
      let path = dir.file("s.json").path
      try Data("{\"Records\":[\(record)]}".utf8).write(to: URL(fileURLWithPath: path))
      try store.importPaths([path])
      let result = try Verifier(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(
        VerifyOptions(asOf: SeedTables.sampleExportTime + 86_400_000))
      let found = result.findings.filter { $0.code == code }
      #expect(found.count == 1 && found.first?.seq == 1 && found.first?.detail.contains("s.json:1") == true, "\(result.findings.map(\.line))")
    }
    // The same REMOVE by DynamoDB's TTL process is not a finding of this kind (the record's
    // ttl is years away, so the chain still shows it MISSING from the state: a TTL
    // deletion before the ttl is impossible, and suspicious).
    let ttl = Self.streamRecord("REMOVE", identity: #","userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"}"#)
    let store = try Self.store()
    let dir = TemporaryDirectory()
    let path = dir.file("ttl.json").path
    try Data("{\"Records\":[\(ttl)]}".utf8).write(to: URL(fileURLWithPath: path))
    try store.importPaths([path])
    let events = try store.open().changeEvents(table: try store.open().currentState(table: "audit_logs")!.table.id)
    #expect(events.isEmpty, "a TTL deletion is not a user REMOVE")
  }

  @Test func streamMalformedCases() throws {
    let first = SeedTables.sampleAuditLogs().first!
    let image = String(decoding: DynamoJSONEncoder.encode(first), as: UTF8.self)
    try Self.expectRefused(
      "{\"Records\":[\n{\"eventID\":\"1\",\"eventName\":\"INSERT\",\"dynamodb\":{\"NewImage\":\(image)}}]}", name: "nokeys.json",
      table: "audit_logs", line: 2, saying: "without \"dynamodb.Keys\"")
    try Self.expectRefused(
      "{\"Records\":[\n{\"eventID\":\"1\",\"eventName\":\"UPSERT\",\"dynamodb\":{\"Keys\":{}}}]}", name: "event.json", table: "audit_logs",
      line: 2, saying: "unknown eventName \"UPSERT\"")
    try Self.expectRefused(
      "{\"Records\":[{\"eventID\":\"1\",\"eventName\":\"REMOVE\",\n\"dynamodb\":{\"Keys\":{\"user_id\":{\"S\":\"u\"}}", name: "cut.json", table: "audit_logs",
      line: 2, saying: "truncated")
    try Self.expectUsage(
      "{\"Records\":[{\"eventID\":\"1\",\"eventName\":\"REMOVE\",\"dynamodb\":{\"Keys\":{\"user_id\":{\"S\":\"u\"}}}}]}", name: "table.json",
      saying: "stream files carry no table name; pass --table")
  }

  // MARK: Data Pipeline and JSON lines

  @Test func dataPipelineBothLayoutsAndMixedDescriptorCasing() throws {
    let store = try Self.store()
    let json = try store.importPaths([Self.sample("pipeline/api_keys.datapipeline")], options: Self.options(table: "api_keys"))
    let hive = try store.importPaths([Self.sample("pipeline/api_keys.hive")], options: Self.options(table: "api_keys"))
    #expect(json[0].kind == .pipeline && json[0].items == 3 && hive[0].items == 3)
    // Mixed casing in one file is read the same as the canonical descriptors.
    let dir = TemporaryDirectory()
    let path = dir.file("mixed.datapipeline").path
    try Data(
      #"{"user_id":{"s":"u-9"},"key_id":{"S":"k-9"},"key_hash":{"s":"\#(String(repeating: "a", count: 64))"},"revoked":{"bOOL":true},"note":{"nULL":true},"scopes":{"sS":["read"]},"n":{"N":"1.50"}}"#
        .utf8
    ).write(to: URL(fileURLWithPath: path))
    try store.importPaths([path], options: Self.options(table: "api_keys"))
    let db = try store.open()
    let state = try db.currentState(table: "api_keys")!
    var found: Item? = nil
    try db.forEachItem(ItemSelection(tableID: state.table.id, latest: state.latest.id)) { row in found = try row.item() }
    #expect(found?["revoked"] == .bool(true) && found?["note"] == .null && found?["n"] == .number("1.5"), "numbers in canonical form")
    try Self.expectRefused("key_id\u{3}{\"s\":\"k\"}\u{2}user_id{\"s\":\"u\"}\n", name: "bad.hive", table: "api_keys", line: 1, saying: "Hive field", format: .pipeline)
  }

  @Test func jsonLinesGzippedOrNotWithOrWithoutTheWrapper() throws {
    let store = try Self.store()
    let result = try store.importPaths([Self.sample("jsonl/idempotency_keys.jsonl.gz")], options: Self.options(table: "idempotency_keys"))
    #expect(result[0].kind == .jsonl && result[0].items == 8)
    try Self.expectRefused(
      "{\"Item\":{\"idempotency_key\":{\"S\":\"a\"}}}\n{\"idempotency_key\":{\"N\":12}}\n", name: "bad.jsonl", table: "idempotency_keys", line: 2,
      saying: "N value must be a JSON string")
  }

  @Test func ionExportsAreRefusedWithWhatToDo() throws {
    try Self.expectRefused("$ion_1_0 {Item:{}}\n", name: "data.ion", line: nil, saying: "export the table again with --export-format DYNAMODB_JSON")
    try Self.expectRefused("$ion_1_0 {Item:{}}\n", name: "data.json", line: nil, saying: "ION")
  }
}

