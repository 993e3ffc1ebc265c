import Foundation
import DDBAuditModel
import DDBAuditFiles

extension SourceReader {
  /// What the first pass over a stream file found: the table names, and each distinct
  /// record's place and time (a few dozen bytes a record, whatever its images weigh).
  struct StreamOutline {
    var tables: [String] = []
    var times: [Int64] = []
    /// The attribute names of the first record's `Keys`, in the order it lists them.
    var keyNames: [String]? = nil
    var count: Int { records.count }
    fileprivate var records: [(range: Range<Int>, line: Int, at: Int64?, sequence: [UInt8]?)] = []
  }

  /// Calls each record of an outline, in order.
  typealias StreamRecords = ((SourceChange) throws -> Void) throws -> Void

  /// Stream records: a Lambda event or GetRecords output (`{"Records":[…]}`), or Kinesis
  /// Data Streams payloads (one record per JSON value), from a mapped file in two passes. The
  /// first checks every record and notes where it is, its time and eventID; `body` gets that
  /// outline and a function that hands out each eventID once, decoded again, in time order
  /// (Kinesis delivers at least once, and not always in order).
  ///
  /// With `reject`, a record that cannot be read is handed to it (line, reason, text) and
  /// left out, instead of failing the file (`--skip-invalid`).
  static func withStreamRecords<T>(
    path: String, reject: ((Int, String, String) throws -> Void)? = nil, _ body: (StreamOutline, StreamRecords) throws -> T
  ) throws -> T {
    let data = try mapped(path)
    return try data.withUnsafeBytes { raw in
      let buffer = raw.bindMemory(to: UInt8.self)
      var outline = StreamOutline()
      var seen = Set<String>()
      try forEachValue(in: buffer, path: path) { scanner, value, _, lines in
        var records: [Range<Int>] = []
        var wrapped = false
        try scanner.members(of: value) { name, range in
          if name.elementsEqual("Records".utf8) {
            wrapped = true
            var elements = JSONLexer(scanner.bytes, at: range.lowerBound)
            try elements.elements { records.append($0) }
          }
        }
        if !wrapped { records = [value] }
        for record in records {
          let line = lines.line(at: record.lowerBound)
          let change: SourceChange
          do throws(DynamoJSONError) { change = try anyRecord(scanner, record, line: line) } catch {
            guard let reject else { throw DDBAuditError.badInput(path: path, line: line, message: error.message) }
            try reject(line, error.message, scanner.text(record))
            continue
          }
          if let id = change.eventID, !seen.insert(id).inserted { continue }
          if let table = change.tableName, !outline.tables.contains(table) { outline.tables.append(table) }
          if outline.keyNames == nil { outline.keyNames = change.keys.entries.map { String(decoding: $0.name, as: UTF8.self) } }
          if let at = change.at { outline.times.append(at) }
          outline.records.append((record, line, change.at, change.sequence))
        }
      }
      let ordered = Self.applyOrder(outline.records.map { ($0.at, $0.sequence) }).map { outline.records[$0] }
      let scanner = JSONLexer(buffer)
      return try body(outline) { sink in
        for record in ordered {
          let change: SourceChange
          do throws(DynamoJSONError) { change = try anyRecord(scanner, record.range, line: record.line) } catch {
            throw DDBAuditError.badInput(path: path, line: record.line, message: error.message)
          }
          try sink(change)
        }
      }
    }
  }

  /// A DynamoDB stream record, or the Kinesis Data Streams record a Lambda function receives
  /// (`{"kinesis": {"data": "<base64>", …}, "eventSource": "aws:kinesis", …}`), whose data is
  /// the DynamoDB record as Kinesis Data Streams for DynamoDB writes it.
  static func anyRecord(_ scanner: JSONLexer, _ range: Range<Int>, line: Int) throws(DynamoJSONError) -> SourceChange {
    let members = try scanner.object(range)
    guard let kinesis = members["kinesis"] else { return try streamRecord(scanner, range, line: line) }
    guard let dataRange = try scanner.object(kinesis)["data"] else { throw DynamoJSONError("a Kinesis record without \"kinesis.data\"") }
    let text = try scanner.string(dataRange)
    guard let payload = Data(base64Encoded: text) else { throw DynamoJSONError("kinesis.data is not base64") }
    if let problem = InputFile.unreadableEncoding(payload.prefix(8)) { throw DynamoJSONError("kinesis.data holds \(problem)") }
    return try [UInt8](payload).withUnsafeBufferPointer { bytes throws(DynamoJSONError) -> SourceChange in
      var inner = JSONLexer(bytes)
      let value: Range<Int>
      do throws(DynamoJSONError) { value = try inner.skipValue() } catch { throw DynamoJSONError("kinesis.data: \(error.message)") }
      inner.skipWhitespace()
      guard inner.atEnd else { throw DynamoJSONError("kinesis.data: unexpected text after the record") }
      do throws(DynamoJSONError) { return try streamRecord(inner, value, line: line) } catch {
        throw DynamoJSONError("kinesis.data: \(error.message)")
      }
    }
  }

  static func streamRecord(_ scanner: JSONLexer, _ range: Range<Int>, line: Int) throws(DynamoJSONError) -> SourceChange {
    let record = try scanner.object(range)
    guard let nameRange = record["eventName"] else { throw DynamoJSONError("a stream record without \"eventName\"") }
    let name = try scanner.string(nameRange)
    let event: ChangeEvent
    switch name {
    case "INSERT": event = .insert
    case "MODIFY": event = .modify
    case "REMOVE": event = .remove
    default: throw DynamoJSONError("unknown eventName \"\(name)\" (expected INSERT, MODIFY or REMOVE)")
    }
    guard let ddbRange = record["dynamodb"] else { throw DynamoJSONError("a stream record without \"dynamodb\"") }
    let ddb = try scanner.object(ddbRange)
    func map(_ key: String) throws(DynamoJSONError) -> Item? { try scanner.item(ddb, key) }
    guard let keys = try map("Keys") else { throw DynamoJSONError("\(name) record without \"dynamodb.Keys\"") }
    let tableName = try record["tableName"].map { r throws(DynamoJSONError) in try scanner.string(r) }
      ?? record["eventSourceARN"].flatMap { try? scanner.string($0) }.flatMap(tableFromARN)
    // Lambda and GetRecords: seconds (CLI v2: ISO text), though SDK test events carry
    // milliseconds too; Kinesis: ms, or µs when so marked. The unit is told by magnitude
    // (`Timestamp.milliseconds(epoch:)`), which agrees with each of those.
    var at: Int64? = nil
    if let r = ddb["ApproximateCreationDateTime"] {
      if scanner.bytes[r.lowerBound] == UInt8(ascii: "\"") {
        at = Timestamp.parseISO8601(try scanner.string(r))
      } else if let v = Double(scanner.text(r)), v >= 0 {
        at = Timestamp.milliseconds(epoch: v)
      }
      guard at != nil else {
        throw DynamoJSONError(
          "ApproximateCreationDateTime \(scanner.text(r).prefix(40)) is no time: neither ISO 8601 nor epoch seconds, milliseconds or microseconds in the years 1970–9999")
      }
    }
    // TTL deletions are the service's: {"type":"Service","principalId":"dynamodb.amazonaws.com"}
    // (GetRecords capitalises the keys).
    var ttlDeletion = false
    if let r = record["userIdentity"], scanner.bytes[r.lowerBound] == UInt8(ascii: "{") {
      let identity = try scanner.object(r)
      let type = try (identity["type"] ?? identity["Type"]).map { r throws(DynamoJSONError) in try scanner.string(r) }
      let principal = try (identity["principalId"] ?? identity["PrincipalId"]).map { r throws(DynamoJSONError) in try scanner.string(r) }
      ttlDeletion = event == .remove && type == "Service" && principal == "dynamodb.amazonaws.com"
    }
    var sequence: [UInt8]? = nil
    if let r = ddb["SequenceNumber"] {
      let digits = Array(try scanner.string(r).utf8)
      guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
        throw DynamoJSONError("SequenceNumber \(scanner.text(r).prefix(40)) is not a decimal number")
      }
      sequence = Array(digits.drop { $0 == 0x30 })
    }
    return SourceChange(
      event: event, keys: keys, newImage: try map("NewImage"), oldImage: try map("OldImage"), at: at,
      eventID: try record["eventID"].map { r throws(DynamoJSONError) in try scanner.string(r) }, ttlDeletion: ttlDeletion,
      line: line, tableName: tableName, sequence: sequence)
  }

  /// The order stream records are applied in (indices into `records`). DynamoDB Streams
  /// orders the writes to one item by `SequenceNumber` (all of an item's writes go to one
  /// shard, and a child shard's numbers follow its parent's), so records that carry one are
  /// applied by it, compared as numbers; `ApproximateCreationDateTime` is only approximate (to
  /// the second in Lambda events, and not monotonic). Kinesis Data Streams payloads carry no
  /// SequenceNumber: they, and any file with a record without one, are applied by time. Ties
  /// keep the file's order.
  static func applyOrder(_ records: [(at: Int64?, sequence: [UInt8]?)]) -> [Int] {
    let bySequence = records.allSatisfy { $0.sequence != nil }
    return records.indices.sorted { a, b in
      if bySequence, let x = records[a].sequence, let y = records[b].sequence, x != y {
        return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
      }
      if !bySequence, records[a].at != records[b].at { return (records[a].at ?? .max) < (records[b].at ?? .max) }
      return a < b
    }
  }

  /// `arn:aws:dynamodb:…:table/NAME/stream/…` → NAME.
  static func tableFromARN(_ arn: String) -> String? {
    guard let range = arn.range(of: ":table/") else { return nil }
    return arn[range.upperBound...].split(separator: "/").first.map(String.init)
  }

  /// One line of an incremental export's data file:
  /// `{"Metadata":{"WriteTimestampMicros":{"N":"…"}},"Keys":{…},"NewImage":{…}?,"OldImage":{…}?}`.
  static func incrementalChange(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(DynamoJSONError) -> SourceChange {
    var scanner = JSONLexer(line)
    let range = try scanner.skipValue()
    scanner.skipWhitespace()
    guard scanner.atEnd else { throw DynamoJSONError("unexpected text after the record") }
    let record = try scanner.object(range)
    func map(_ key: String) throws(DynamoJSONError) -> Item? { try scanner.item(record, key) }
    guard let keys = try map("Keys") else { throw DynamoJSONError("an incremental export record without \"Keys\"") }
    var at: Int64? = nil
    if let m = record["Metadata"] {
      let metadata = try scanner.object(m)
      if let w = metadata["WriteTimestampMicros"] {
        var text = scanner.text(w)
        if scanner.bytes[w.lowerBound] == UInt8(ascii: "{") {
          guard let n = try scanner.object(w)["N"] else { throw DynamoJSONError("WriteTimestampMicros is not {\"N\": …}") }
          text = try scanner.string(n)
        }
        guard let micros = Int64(text), micros >= 0, Timestamp.representable.contains(micros / 1000) else {
          throw DynamoJSONError("WriteTimestampMicros \(text.prefix(40)) is no time in microseconds since 1970 (years 1970–9999)")
        }
        at = micros / 1000
      }
    }
    let newImage = try map("NewImage")
    return SourceChange(
      event: newImage == nil ? .remove : .upsert, keys: keys, newImage: newImage, oldImage: try map("OldImage"), at: at,
      eventID: nil, ttlDeletion: false, line: number, tableName: nil)
  }
}
