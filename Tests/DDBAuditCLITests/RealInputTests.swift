import Foundation
import Testing
import TestSupport

/// Files as AWS and its tools really write them: a byte order mark, milliseconds where seconds
/// were expected, records out of time order, Kinesis payloads inside a Lambda event.
@Suite struct RealInputTests {
  static let streamARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-20T00:00:00.000"

  /// One stream record of table `orders` (key `id`), as a Lambda event carries it.
  static func record(_ id: String, _ event: String, seq: String, at: String, value: Int? = nil) -> String {
    let image = value.map { #","NewImage":{"id":{"S":"a"},"v":{"N":"\#($0)"}}"# } ?? ""
    return #"{"eventID":"\#(id)","eventName":"\#(event)","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":\#(at),"Keys":{"id":{"S":"a"}}\#(image),"SequenceNumber":"\#(seq)","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},"eventSourceARN":"\#(streamARN)"}"#
  }

  static func lambdaEvent(_ records: [String]) -> String { #"{"Records":["# + records.joined(separator: ",") + "]}" }

  func rows(_ db: String, table: String = "orders") throws -> [String] {
    try CLI.run(["query", "--db", db, "--table", table, "--format", "jsonl"]).stdout.split(separator: "\n").map(String.init)
  }

  @Test func aByteOrderMarkIsSkippedInEveryInput() throws {
    let dir = TemporaryDirectory()
    let bom = "\u{FEFF}"
    let event = dir.file("event.json")
    try (bom + Self.lambdaEvent([Self.record("1", "INSERT", seq: "100", at: "1795150000", value: 1)])).write(to: event, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    let imported = try CLI.run(["import", event.path, "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try rows(db).count == 1)
    let jsonl = dir.file("items.jsonl")
    try (bom + "{\"Item\": {\"id\": {\"S\": \"b\"}}}\n").write(to: jsonl, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["import", jsonl.path, "--table", "t2", "--key", "id", "--input-format", "jsonl", "--db", db]).status == 0)
    let scan = dir.file("scan.json")
    try (bom + #"{"Items": [{"id": {"S": "c"}}], "Count": 1}"#).write(to: scan, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["import", scan.path, "--table", "t3", "--key", "id", "--db", db]).status == 0)
    let describe = dir.file("describe.json")
    try (bom + (try String(contentsOf: RepoPaths.samples.appendingPathComponent("settings/events/describe-table.json"), encoding: .utf8)))
      .write(to: describe, atomically: true, encoding: .utf8)
    #expect([0, 1].contains(try CLI.run(["settings", describe.path]).status))
    let config = dir.file("policy.json")
    try (bom + #"{"defaults": {"graceDays": 7}}"#).write(to: config, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["retention", "--db", db, "--policy", config.path, "--exit-zero"]).status == 0)
  }

  @Test func utf16AndOtherCompressionsAreNamed() throws {
    let dir = TemporaryDirectory()
    let cases: [(String, [UInt8], String)] = [
      ("utf16.json", [0xFF, 0xFE, 0x7B, 0x00], "UTF-16"), ("zlib.json", [0x78, 0x9C, 0x01, 0x02], "zlib"),
      ("bz.json", Array("BZh91AY".utf8), "bzip2"), ("xz.json", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00], "xz"),
    ]
    for (name, bytes, word) in cases {
      let file = dir.file(name)
      try Data(bytes).write(to: file)
      let result = try CLI.run(["import", file.path, "--table", "t", "--key", "id", "--db", dir.file("s.sqlite").path])
      #expect(result.status == 2 && result.stderr.contains("\(name):1:") && result.stderr.contains(word), "\(name): \(result.stderr)")
      let jsonl = try CLI.run(["import", file.path, "--table", "t", "--key", "id", "--input-format", "jsonl", "--db", dir.file("s.sqlite").path])
      #expect(jsonl.status == 2 && jsonl.stderr.contains(word), "\(name) as jsonl: \(jsonl.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.file("s.sqlite").path))
  }

  /// Reproduction: INSERT, MODIFY, REMOVE (SequenceNumbers …091, …092, …093) whose
  /// approximate times put the REMOVE before the MODIFY brought the deleted item back.
  @Test func streamRecordsApplyInSequenceNumberOrderNotTimeOrder() throws {
    let dir = TemporaryDirectory()
    let event = dir.file("event.json")
    try Self.lambdaEvent([
      Self.record("1", "INSERT", seq: "4421584500000000017450439091", at: "1795150000", value: 1),
      Self.record("2", "MODIFY", seq: "4421584500000000017450439092", at: "1795150002", value: 2),
      Self.record("3", "REMOVE", seq: "4421584500000000017450439093", at: "1795150001"),
    ]).write(to: event, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    #expect(try CLI.run(["import", event.path, "--db", db]).status == 0)
    #expect(try rows(db).isEmpty, "the REMOVE, the last write, wins")
    // A shorter sequence number is a smaller one (compared as numbers, not text).
    let second = dir.file("event2.json")
    try Self.lambdaEvent([
      Self.record("4", "INSERT", seq: "1000", at: "1795160000", value: 7), Self.record("5", "MODIFY", seq: "999", at: "1795150000", value: 6),
    ]).write(to: second, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["import", second.path, "--db", db]).status == 0)
    #expect(try rows(db) == [#"{"id":"a","v":7}"#])
  }

  /// Reproduction: a Lambda event whose ApproximateCreationDateTime is in milliseconds was
  /// read as seconds, and showed the year 48889.
  @Test func eventTimesInMillisecondsOrMicrosecondsAreConverted() throws {
    let dir = TemporaryDirectory()
    for (name, at) in [("ms", "1795150000123"), ("us", "1795150000123456"), ("s", "1795150000.123")] {
      let event = dir.file("\(name).json")
      try Self.lambdaEvent([Self.record(name, "INSERT", seq: "1", at: at, value: 1)]).write(to: event, atomically: true, encoding: .utf8)
      let db = dir.file("\(name).sqlite").path
      #expect(try CLI.run(["import", event.path, "--db", db]).status == 0)
      let tables = try CLI.run(["tables", "--db", db, "--format", "json"]).stdout
      #expect(tables.contains("\"2026-11-20T04:46:40.123Z\""), "\(name): \(tables)")
    }
    for bad in ["1e300", "-1e17", "-5"] {
      let event = dir.file("bad.json")
      try Self.lambdaEvent([Self.record("x", "INSERT", seq: "1", at: bad, value: 1)]).write(to: event, atomically: true, encoding: .utf8)
      let result = try CLI.run(["import", event.path, "--db", dir.file("bad.sqlite").path])
      #expect(result.status == 2 && result.stderr.contains("bad.json:1: ApproximateCreationDateTime"), "\(bad): \(result.stderr)")
    }
  }

  /// What every Lambda consumer of a Kinesis data stream for DynamoDB receives.
  @Test func kinesisRecordsInALambdaEventImport() throws {
    let dir = TemporaryDirectory()
    let payload = #"{"awsRegion":"us-east-1","eventID":"k-1","eventName":"INSERT","userIdentity":null,"recordFormat":"application/json","tableName":"orders","dynamodb":{"ApproximateCreationDateTime":1795150000123,"Keys":{"id":{"S":"a"}},"NewImage":{"id":{"S":"a"},"v":{"N":"3"}},"SizeBytes":20},"eventSource":"aws:dynamodb"}"#
    let data = Data(payload.utf8).base64EncodedString()
    let event = #"{"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"A1B2","sequenceNumber":"49590338271490256608559692538361571095921575989136588898","data":"\#(data)","approximateArrivalTimestamp":1795150000.456},"eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000000:49590338271490256608559692538361571095921575989136588898","eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role","awsRegion":"us-east-1","eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc"}]}"#
    let file = dir.file("kinesis-lambda.json")
    try event.write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    let result = try CLI.run(["import", file.path, "--db", db])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try rows(db) == [#"{"id":"a","v":3}"#])
    let broken = dir.file("broken.json")
    try event.replacingOccurrences(of: data, with: "not base64!").write(to: broken, atomically: true, encoding: .utf8)
    let refused = try CLI.run(["import", broken.path, "--db", dir.file("t.sqlite").path])
    #expect(refused.status == 2 && refused.stderr.contains("broken.json:1: kinesis.data is not base64"), "\(refused.stderr)")
  }

  @Test func skipInvalidWorksForStreamJsonlAndScanFiles() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("s.sqlite").path
    let event = dir.file("event.json")
    try Self.lambdaEvent([
      Self.record("1", "INSERT", seq: "1", at: "1795150000", value: 1), #"{"eventID":"2","eventName":"SELECT","dynamodb":{}}"#,
    ]).write(to: event, atomically: true, encoding: .utf8)
    let jsonl = dir.file("items.jsonl")
    try "{\"Item\": {\"id\": {\"S\": \"a\"}}}\n{\"Item\": {\"id\": {\"Q\": \"b\"}}}\n{\"Item\": {\"id\": {\"S\": \"c\"}}}\n".write(to: jsonl, atomically: true, encoding: .utf8)
    let scan = dir.file("scan.json")
    try #"{"Items": [{"id": {"S": "a"}}, {"id": {"N": 5}}, {"id": {"S": ""}}], "Count": 3}"#.write(to: scan, atomically: true, encoding: .utf8)
    for (file, extra, kept) in [(event, [String](), 1), (jsonl, ["--table", "j", "--key", "id", "--input-format", "jsonl"], 2), (scan, ["--table", "s", "--key", "id"], 1)] {
      let rejects = dir.file(file.lastPathComponent + ".rejects.jsonl")
      let result = try CLI.run(["import", file.path, "--db", db, "--skip-invalid", "--rejects", rejects.path] + extra)
      #expect(result.status == 0, "\(file.lastPathComponent): \(result.stderr)")
      let lines = try readJSONLines(rejects)
      #expect(lines.count == (file == scan ? 2 : 1), "\(file.lastPathComponent): \(lines)")
      #expect(lines.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0["line"] != nil })
      let table = file == event ? "orders" : file == jsonl ? "j" : "s"
      #expect(try rows(db, table: table).count == kept, "\(file.lastPathComponent)")
    }
  }

  @Test func jsonQueriesKeepTopLevelNulls() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    try "{\"Item\": {\"id\": {\"S\": \"a\"}, \"gone\": {\"NULL\": true}}}\n{\"Item\": {\"id\": {\"S\": \"b\"}}}\n".write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    #expect(try CLI.run(["import", file.path, "--table", "t", "--key", "id", "--input-format", "jsonl", "--db", db]).status == 0)
    #expect(try rows(db, table: "t") == [#"{"id":"a","gone":null}"#, #"{"id":"b"}"#])
    let json = try CLI.run(["query", "--db", db, "--table", "t", "--format", "json"]).stdout
    #expect(json.contains(#"{"id":"a","gone":null}"#))
  }

  @Test func noncanonicalItemsOfUnchainedTablesAreReported() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    // A number DynamoDB would not hold has no canonical form.
    try "{\"Item\": {\"idempotency_key\": {\"S\": \"a\"}, \"n\": {\"N\": \"1e999\"}, \"created_at\": {\"S\": \"2026-11-20T00:00:00Z\"}}}\n"
      .write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    #expect(try CLI.run(["import", file.path, "--table", "idempotency_keys", "--input-format", "jsonl", "--snapshot-time", "2026-11-20", "--db", db]).status == 0)
    let verify = try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21"])
    #expect(verify.status == 1 && verify.stdout.contains("ERROR NONCANONICAL idempotency_keys"), "\(verify.stdout)")
  }
}
