import DDBGzip
import Foundation
import DDBAuditModel

/// `Samples/formats/`: one small sample of every other shape DynamoDB data comes in, built
/// from the seed tables and continuing the sample exports' story (docs/formats.md).
struct FormatSamples {
  let root: URL
  static let t0 = SeedTables.sampleExportTime
  static let hour: Int64 = 3_600_000

  func write() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try incrementalAuditLogs()
    try incrementalEvents()
    try scan()
    try streams()
    try pipeline()
    try jsonLines()
  }

  private func save(_ text: String, _ name: String) throws {
    let url = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  private static func json(_ item: Item) -> String { String(decoding: DynamoJSONEncoder.encode(item), as: UTF8.self) }

  /// The next records of the first three audit_logs chains, sealed after their heads (in
  /// the sample export, then in `earlier` appends).
  static func auditAppends(count: Int, from start: Int64, seed: UInt64, after earlier: [Item] = []) -> [Item] {
    var rng = SplitMix64(seed: seed)
    var byUser: [String: Item] = [:]
    var users: [String] = []
    for item in SeedTables.sampleAuditLogs() + earlier {
      let user = item["user_id"]!.stringValue!
      if byUser[user] == nil { users.append(user) }
      byUser[user] = item
    }
    var sealers: [String: ChainSealer] = [:]
    return (0..<count).map { k in
      let user = users[k % 3]
      var sealer = sealers[user] ?? ChainSealer(resuming: user, after: byUser[user]!)
      let item = sealer.seal(SeedTables.auditLog(user: user, time: start + Int64(k) * 600_000, rng: &rng), chain: user)
      sealers[user] = sealer
      return item
    }
  }

  static let incrementalAppends = auditAppends(count: 6, from: t0 + hour, seed: 32)

  /// `incremental/audit_logs`: the day after the sample export, six appended records
  /// (NEW_AND_OLD_IMAGES; an insert has no OldImage).
  func incrementalAuditLogs() throws {
    let writer = try ExportWriter(
      root: root, prefix: "incremental/audit_logs", table: "audit_logs", exportTime: Self.t0 + 24 * Self.hour, fileCount: 1, seed: 31,
      incremental: (Self.t0, Self.t0 + 24 * Self.hour, "NEW_AND_OLD_IMAGES"))
    for item in Self.incrementalAppends {
      let micros = Timestamp.parseISO8601(String(item["timestamp#log_id"]!.stringValue!.prefix(24)))! * 1000
      var keys = Item()
      keys.set("user_id", item["user_id"]!)
      keys.set("timestamp#log_id", item["timestamp#log_id"]!)
      try writer.addLine(Array(#"{"Metadata":{"WriteTimestampMicros":{"N":"\#(micros)"}},"Keys":\#(Self.json(keys)),"NewImage":\#(Self.json(item))}"#.utf8))
    }
    try writer.finish()
  }

  /// `incremental/events`: a NEW_IMAGE export: two events move from pending to processed,
  /// and one expired event is deleted (only its Keys, as NEW_IMAGE exports write deletes).
  func incrementalEvents() throws {
    let events = SeedTables.events(count: 400, end: Self.t0, seed: 13)
    let writer = try ExportWriter(
      root: root, prefix: "incremental/events", table: "events", exportTime: Self.t0 + 24 * Self.hour, fileCount: 1, seed: 33,
      incremental: (Self.t0, Self.t0 + 24 * Self.hour, "NEW_IMAGE"))
    let pending = events.filter { $0["status"]?.stringValue == "pending" }.prefix(2)
    for (k, event) in pending.enumerated() {
      var item = event
      let time = String(item["timestamp#event_id"]!.stringValue!.prefix(24))
      item.set("status", .s("processed"))
      item.set("status#timestamp", .s("processed#\(time)"))
      let micros = (Self.t0 + Int64(k + 1) * Self.hour) * 1000
      try writer.addLine(Array(#"{"Metadata":{"WriteTimestampMicros":{"N":"\#(micros)"}},"Keys":\#(Self.json(Self.keys(item))),"NewImage":\#(Self.json(item))}"#.utf8))
    }
    let gone = events[0]
    try writer.addLine(Array(#"{"Metadata":{"WriteTimestampMicros":\#((Self.t0 + 5 * Self.hour) * 1000)},"Keys":\#(Self.json(Self.keys(gone)))}"#.utf8))
    try writer.finish()
  }

  static func keys(_ event: Item) -> Item {
    var keys = Item()
    keys.set("user_id", event["user_id"]!)
    keys.set("timestamp#event_id", event["timestamp#event_id"]!)
    return keys
  }

  /// `scan/events.json`: `aws dynamodb scan --table-name events` as two pages appended, the
  /// way people save paginated output.
  func scan() throws {
    let events = SeedTables.events(count: 12, end: Self.t0, seed: 41)
    func page(_ items: ArraySlice<Item>, last: Item?) -> String {
      var text = "{\n    \"Items\": [\n" + items.map { "        " + Self.json($0) }.joined(separator: ",\n") + "\n    ],\n"
      text += "    \"Count\": \(items.count),\n    \"ScannedCount\": \(items.count),\n"
      text += last.map { "    \"LastEvaluatedKey\": \(Self.json(Self.keys($0))),\n" } ?? ""
      return text + "    \"ConsumedCapacity\": null\n}\n"
    }
    try save(page(events[0..<7], last: events[6]) + page(events[7...], last: nil), "scan/events.json")
  }

  /// Stream records in the three shapes they reach people in.
  func streams() throws {
    // A Lambda event for audit_logs: three records appended after the incremental export's
    // window, continuing its chains.
    let appends = Self.auditAppends(count: 3, from: Self.t0 + 25 * Self.hour, seed: 51, after: Self.incrementalAppends)
    let lambda = appends.enumerated().map { k, item -> String in
      var keys = Item()
      keys.set("user_id", item["user_id"]!)
      keys.set("timestamp#log_id", item["timestamp#log_id"]!)
      let seconds = (Self.t0 + 25 * Self.hour + Int64(k) * 600_000) / 1000
      return """
            {"eventID": "c81e728d9d4c2f636f067f89cc14862\(k)", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
             "dynamodb": {"ApproximateCreationDateTime": \(seconds), "Keys": \(Self.json(keys)), "NewImage": \(Self.json(item)), "SequenceNumber": "11100000000\(k)1234567890", "SizeBytes": 512, "StreamViewType": "NEW_AND_OLD_IMAGES"},
             "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/audit_logs/stream/2024-03-04T09:12:45.318"}
        """
    }
    try save("{\n    \"Records\": [\n" + lambda.joined(separator: ",\n") + "\n    ]\n}\n", "stream/audit_logs.lambda.json")

    // GetRecords output (AWS CLI v2: ISO times, capitalised identity keys) for events: a
    // status change, and a TTL deletion of an expired event.
    let events = SeedTables.events(count: 400, end: Self.t0, seed: 13)
    let pending = events.first { $0["status"]?.stringValue == "pending" }!
    var processed = pending
    processed.set("status", .s("processed"))
    let expired = events[1]
    let getRecords = """
      {
          "Records": [
              {"eventID": "7b52009b64fd0a2a49e6d8a939753077", "eventName": "MODIFY", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
               "dynamodb": {"ApproximateCreationDateTime": "\(Timestamp.iso8601(milliseconds: Self.t0 + 3 * Self.hour))", "Keys": \(Self.json(Self.keys(pending))), "NewImage": \(Self.json(processed)), "OldImage": \(Self.json(pending)), "SequenceNumber": "222000000000000000001", "SizeBytes": 400, "StreamViewType": "NEW_AND_OLD_IMAGES"}},
              {"eventID": "3c59dc048e8850243be8079a5c74d079", "eventName": "REMOVE", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
               "dynamodb": {"ApproximateCreationDateTime": "\(Timestamp.iso8601(milliseconds: Self.t0 + 4 * Self.hour))", "Keys": \(Self.json(Self.keys(expired))), "OldImage": \(Self.json(expired)), "SequenceNumber": "222000000000000000002", "SizeBytes": 300, "StreamViewType": "NEW_AND_OLD_IMAGES"},
               "userIdentity": {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}}
          ],
          "NextShardIterator": "arn:aws:dynamodb:us-east-1:123456789012:table/events/stream/2024-03-04T09:12:45.318|1|AAAAAAAAAAH"
      }

      """
    try save(getRecords, "stream/events.getrecords.json")

    // Kinesis Data Streams payloads for webhook_events, one per line as Firehose lands
    // them: a delivery retried then delivered, with one record delivered twice and the
    // lines out of order.
    let webhook = SeedTables.webhookEvents(count: 10, end: Self.t0, seed: 16).first { $0["status"]?.stringValue == "pending" }!
    var retried = webhook
    retried.set("attempts", .n(2))
    var delivered = retried
    delivered.set("status", .s("delivered"))
    delivered.remove("next_retry_at")
    var keys = Item()
    keys.set("webhook_id", webhook["webhook_id"]!)
    func kinesis(_ id: String, _ at: Int64, _ new: Item, _ old: Item) -> String {
      #"{"awsRegion":"us-east-1","eventID":"\#(id)","eventName":"MODIFY","userIdentity":null,"recordFormat":"application/json","tableName":"webhook_events","dynamodb":{"ApproximateCreationDateTime":\#(at),"ApproximateCreationDateTimePrecision":"MILLISECOND","Keys":\#(Self.json(keys)),"NewImage":\#(Self.json(new)),"OldImage":\#(Self.json(old)),"SizeBytes":420},"eventSource":"aws:dynamodb"}"#
    }
    let first = kinesis("a87ff679-a2f3-4e71-9c1e-0f1c5d8e2b11", Self.t0 + 90 * 60_000, retried, webhook)
    let second = kinesis("e4da3b7f-bbce-4345-8b2a-7d9f1c0e3a22", Self.t0 + 120 * 60_000, delivered, retried)
    try save([second, first, second].joined(separator: "\n") + "\n", "stream/webhook_events.kinesis.jsonl")
  }

  /// Data Pipeline's two layouts of api_keys: JSON lines with its descriptor casing, and the
  /// older Hive form.
  func pipeline() throws {
    let keys = SeedTables.apiKeys(count: 6, end: Self.t0, seed: 61)
    func pipelineCase(_ json: String) -> String {
      var text = json
      for (from, to) in [("\"BOOL\":", "\"bOOL\":"), ("\"NULL\":", "\"nULL\":"), ("\"SS\":", "\"sS\":"), ("\"NS\":", "\"nS\":"), ("\"BS\":", "\"bS\":"), ("{\"S\":", "{\"s\":"), ("{\"N\":", "{\"n\":"), ("{\"B\":", "{\"b\":"), ("{\"M\":", "{\"m\":"), ("{\"L\":", "{\"l\":")] {
        text = text.replacingOccurrences(of: from, with: to)
      }
      return text
    }
    try save(keys.prefix(3).map { pipelineCase(Self.json($0)) }.joined(separator: "\n") + "\n", "pipeline/api_keys.datapipeline")
    let hive = keys.suffix(3).map { item in
      item.entries.map { entry in
        String(decoding: entry.name, as: UTF8.self) + "\u{3}" + pipelineCase(String(decoding: DynamoJSONEncoder.encodeValue(entry.value), as: UTF8.self))
      }.joined(separator: "\u{2}")
    }
    try save(hive.joined(separator: "\n") + "\n", "pipeline/api_keys.hive")
  }

  /// `jsonl/idempotency_keys.jsonl.gz`: bare items, one per line, gzipped.
  func jsonLines() throws {
    let items = SeedTables.idempotencyKeys(count: 8, end: Self.t0, seed: 71)
    let text = items.map(Self.json).joined(separator: "\n") + "\n"
    let url = root.appendingPathComponent("jsonl/idempotency_keys.jsonl.gz")
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(try gzip(Array(text.utf8))).write(to: url)
  }
}
