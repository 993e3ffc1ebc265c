import Crypto
import DDBGzip
import Foundation

/// The shapes of DynamoDB data ddbaudit imports (docs/formats.md).
public enum ImportFormat: String, Sendable, CaseIterable {
  /// S3 export, full (`manifest-summary.json`, `data/*.json.gz`).
  case export
  /// S3 incremental export: changes in a window, in a shared `AWSDynamoDB/data/` folder.
  case incremental
  /// `aws dynamodb scan` / `query` / `get-item` output, one or more pages.
  case scan
  /// Stream records: a Lambda event, GetRecords output, or Kinesis Data Streams payloads.
  case stream
  /// Legacy Data Pipeline exports (lower-cased descriptors, or the Hive `\u{3}`/`\u{2}` form).
  case pipeline
  /// Items in DynamoDB JSON, one per line, with or without `{"Item": …}`, optionally gzipped.
  case jsonl

  /// The kind the store records (`full` for a full export).
  public var kind: String { self == .export ? "full" : rawValue }
  /// Formats that carry no table name.
  public var needsTable: Bool { self == .scan || self == .pipeline || self == .jsonl }
  /// Formats that hold changes rather than a table's whole content.
  public var holdsChanges: Bool { self == .incremental || self == .stream }
}

/// A write seen in an incremental export or a stream.
enum ChangeEvent: String, Sendable {
  case insert = "INSERT", modify = "MODIFY", remove = "REMOVE"
  /// An incremental export's new image: an INSERT or a MODIFY, depending on what the store held.
  case upsert = "UPSERT"
}

/// One change as a source file states it.
struct SourceChange: Sendable {
  var event: ChangeEvent
  var keys: Item
  var newImage: Item?
  var oldImage: Item?
  /// ms.
  var at: Int64?
  var eventID: String?
  var ttlDeletion: Bool
  var line: Int
  var tableName: String?
  /// The stream record's `SequenceNumber` (decimal digits), the order of writes within a shard.
  var sequence: [UInt8]? = nil
}

/// Reads what a file or folder holds, as items or as changes.
enum SourceReader {
  /// The format of `path`, from the folder layout and the first JSON value.
  static func detect(_ path: String) throws -> ImportFormat {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DDBAuditError.io(path: path, message: "no such file or folder")
    }
    let name = (path as NSString).lastPathComponent
    if isDirectory.boolValue || name == "manifest-summary.json" { return .export }
    if name.hasSuffix(".ion") || name.hasSuffix(".ion.gz") { throw ionError(path) }
    let head = try readHead(path)
    if head.starts(with: Array("$ion_1_0".utf8)) || head.starts(with: [0xE0, 0x01, 0x00, 0xEA]) { throw ionError(path) }
    if head.first == 0x1F && head.dropFirst().first == 0x8B {
      return .jsonl  // only JSON lines are read gzipped
    }
    let firstLine = head.prefix { $0 != 0x0A }
    if firstLine.contains(0x03) { return .pipeline }
    return try head.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      scanner.skipWhitespace()
      guard scanner.peek == UInt8(ascii: "{") else {
        throw DDBAuditError.badInput(path: path, line: 1, message: "not DynamoDB JSON: expected a JSON object; pass --format to say what it is")
      }
      // The first member's name, and the first member name inside its value; enough even
      // when the first value is longer than the head (or truncated).
      var first: String? = nil
      var inner: String? = nil
      var ends: Int? = nil
      var probe = scanner
      probe.i += 1
      if let name = try? probe.stringRange() {
        first = scanner.text((name.lowerBound + 1)..<(name.upperBound - 1))
        probe.skipWhitespace()
        if probe.peek == UInt8(ascii: ":") {
          probe.i += 1
          probe.skipWhitespace()
          if probe.peek == UInt8(ascii: "{") {
            probe.i += 1
            if let n = try? probe.stringRange() { inner = scanner.text((n.lowerBound + 1)..<(n.upperBound - 1)) }
          }
        }
      }
      var whole = scanner
      if (try? whole.value()) != nil { ends = whole.i }
      switch first ?? "" {
      case "Items", "Count", "ScannedCount", "ConsumedCapacity", "LastEvaluatedKey", "NextToken": return .scan
      case "Item": return ends.map { !buffer[0..<$0].contains(0x0A) } == true ? .jsonl : .scan
      case "Records", "NextShardIterator": return .stream
      case "eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "userIdentity", "tableName", "recordFormat":
        return .stream
      case "Metadata", "Keys", "NewImage", "OldImage":
        throw DDBAuditError.badInput(
          path: path, line: 1,
          message: "a data file of an incremental export; import the export's folder (with its manifest-summary.json) instead")
      default:
        if let d = inner, let c = d.utf8.first, (0x61...0x7A).contains(c), d != d.lowercased() || d.count == 1 {
          return .pipeline  // s n b m l sS nS bS bOOL nULL
        }
        return .jsonl
      }
    }
  }

  static func ionError(_ path: String) -> DDBAuditError {
    .badInput(
      path: path, line: nil,
      message: "an ION export, which ddbaudit does not read; export the table again with --export-format DYNAMODB_JSON")
  }

  /// The first 64 KiB of a file, past a UTF-8 byte order mark; refused when the file is
  /// UTF-16, or compressed otherwise than with gzip.
  static func readHead(_ path: String) throws -> [UInt8] {
    let fd = try InputFile.open(path)
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: 1 << 16)
    var filled = 0
    while filled < head.count {
      let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      filled += n
    }
    head.removeSubrange(filled...)
    if let problem = InputFile.unreadableEncoding(head) { throw DDBAuditError.badInput(path: path, line: 1, message: problem) }
    return Array(head.dropFirst(InputFile.bomLength(head)))
  }

  /// `sha256:<hex>` of the file's bytes as stored: the identity of an import without an
  /// exportArn, so that importing the same content twice adds nothing.
  static func contentIdentity(_ paths: [String]) throws -> String {
    var hash = SHA256()
    for path in paths {
      let fd = try InputFile.open(path)
      defer { close(fd) }
      var buffer = [UInt8](repeating: 0, count: 1 << 18)
      while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n >= 0 else { throw DDBAuditError.io(path: path, message: "read failed: \(String(cString: strerror(errno)))") }
        if n == 0 { break }
        buffer.withUnsafeBytes { hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      }
    }
    return "sha256:" + RecordHash.hex(hash.finalize())
  }

  // MARK: Items

  /// JSON lines (`jsonl`) and Data Pipeline files: one item per line.
  static func forEachLineItem(
    path: String, format: ImportFormat, limits: InputLimits = InputLimits(), reject: ((Int, String, String) throws -> Void)? = nil,
    _ body: (Item, Bool, UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws -> LineReader.Result {
    try LineReader(path: path, gzip: nil, limits: limits).forEachLine(progress: { _ in }) { line, number in
      let decoded: (item: Item, loneSurrogate: Bool)
      do throws(DynamoJSONError) {
        if format == .pipeline && line.contains(0x03) {
          decoded = (try hiveItem(line), false)
        } else {
          decoded = try DynamoJSONDecoder.decodeItemLine(line, wrapper: .optional)
        }
      } catch {
        guard let reject else { throw DDBAuditError.badInput(path: path, line: number, message: error.message) }
        return try reject(number, error.message, String(decoding: line, as: UTF8.self))
      }
      try body(decoded.item, decoded.loneSurrogate, line, number)
    }
  }

  /// The Hive form of Data Pipeline: `name\u{3}{"s":"x"}\u{2}name2\u{3}{"n":"1"}`.
  static func hiveItem(_ line: UnsafeBufferPointer<UInt8>) throws(DynamoJSONError) -> Item {
    var entries: [(name: [UInt8], value: AttributeValue)] = []
    for field in line.split(separator: 0x02, omittingEmptySubsequences: true) {
      guard let sep = field.firstIndex(of: 0x03) else {
        throw DynamoJSONError("a Hive field without the \\u0003 between name and value")
      }
      let name = Array(field[field.startIndex..<sep])
      let value = UnsafeBufferPointer(rebasing: field[(sep + 1)...])
      do { entries.append((name, try DynamoJSONDecoder.decodeValue(value))) } catch { throw error.at(name) }
      if entries.dropLast().contains(where: { $0.name == name }) {
        throw DynamoJSONError("duplicate attribute name \(quote(name))")
      }
    }
    if entries.isEmpty { throw DynamoJSONError("an empty Hive line") }
    return Item(entries)
  }

  /// Scan, query and get-item output: a stream of JSON values (pages appended with `}{` or
  /// `}\n{`), each `{"Items":[…], …}` or `{"Item":{…}}`. The file is mapped, not read.
  static func forEachScanItem(
    path: String, reject: ((Int, String, String) throws -> Void)? = nil, _ body: (Item, Bool, UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws {
    try forEachValue(path: path) { scanner, value, page, lines in
      var found = false
      var items: [Range<Int>] = []
      try scanner.members(of: value) { name, range in
        if name.elementsEqual("Items".utf8) {
          found = true
          var elements = JSONScanner(scanner.bytes, at: range.lowerBound)
          try elements.elements { items.append($0) }
        } else if name.elementsEqual("Item".utf8) {
          found = true
          items.append(range)
        }
      }
      guard found else {
        throw DDBAuditError.badInput(
          path: path, line: lines.line(at: value.lowerBound),
          message: "page \(page) has neither \"Items\" nor \"Item\": not scan, query or get-item output")
      }
      for range in items {
        let line = lines.line(at: range.lowerBound)
        var decoder = DynamoJSONDecoder(scanner.slice(range))
        let item: Item
        do throws(DynamoJSONError) { item = try decoder.attributeMap(depth: 0) } catch {
          guard let reject else { throw DDBAuditError.badInput(path: path, line: line, message: error.message) }
          try reject(line, error.message, scanner.text(range))
          continue
        }
        try body(item, decoder.sawLoneSurrogate, scanner.slice(range), line)
      }
    }
  }

  /// Calls `body` with each top-level JSON value of a mapped file (concatenated or
  /// newline-separated), checking each is complete before it is read.
  static func forEachValue(
    path: String, _ body: (JSONScanner, Range<Int>, Int, inout LineCounter) throws -> Void
  ) throws {
    let data = try mapped(path)
    try data.withUnsafeBytes { raw in try forEachValue(in: raw.bindMemory(to: UInt8.self), path: path, body) }
  }

  static func forEachValue(
    in buffer: UnsafeBufferPointer<UInt8>, path: String, _ body: (JSONScanner, Range<Int>, Int, inout LineCounter) throws -> Void
  ) throws {
    var scanner = JSONScanner(buffer)
    var lines = LineCounter(bytes: scanner.bytes)
    var count = 0
    while true {
      scanner.skipWhitespace()
      if scanner.atEnd { break }
      count += 1
      let start = scanner.i
      let range: Range<Int>
      do throws(DynamoJSONError) { range = try scanner.value() } catch {
        throw DDBAuditError.badInput(
          path: path, line: lines.line(at: min(scanner.i, scanner.bytes.count)),
          message: "value \(count) (from line \(lines.line(at: start))): \(error.message)")
      }
      guard scanner.bytes[range.lowerBound] == UInt8(ascii: "{") else {
        throw DDBAuditError.badInput(path: path, line: lines.line(at: start), message: "value \(count) is not a JSON object")
      }
      try body(scanner, range, count, &lines)
    }
    if count == 0 { throw DDBAuditError.badInput(path: path, line: nil, message: "empty: no JSON value") }
  }

  /// The file mapped, past a UTF-8 byte order mark (refused when UTF-16 or compressed
  /// otherwise than with gzip). Its bytes start at index 0.
  static func mapped(_ path: String) throws -> Data {
    let data = try InputFile.mapped(path)
    let head = data.prefix(8)
    if let problem = InputFile.unreadableEncoding(head) { throw DDBAuditError.badInput(path: path, line: 1, message: problem) }
    let bom = InputFile.bomLength(head)
    return bom == 0 ? data : data.subdata(in: bom..<data.count)
  }
}

// MARK: Changes

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
            var elements = JSONScanner(scanner.bytes, at: range.lowerBound)
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
      let scanner = JSONScanner(buffer)
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
  static func anyRecord(_ scanner: JSONScanner, _ range: Range<Int>, line: Int) throws(DynamoJSONError) -> SourceChange {
    let members = try scanner.object(range)
    guard let kinesis = members["kinesis"] else { return try streamRecord(scanner, range, line: line) }
    guard let dataRange = try scanner.object(kinesis)["data"] else { throw DynamoJSONError("a Kinesis record without \"kinesis.data\"") }
    let text = try scanner.string(dataRange)
    guard let payload = Data(base64Encoded: text) else { throw DynamoJSONError("kinesis.data is not base64") }
    if let problem = InputFile.unreadableEncoding(payload.prefix(8)) { throw DynamoJSONError("kinesis.data holds \(problem)") }
    return try [UInt8](payload).withUnsafeBufferPointer { bytes throws(DynamoJSONError) -> SourceChange in
      var inner = JSONScanner(bytes)
      let value: Range<Int>
      do throws(DynamoJSONError) { value = try inner.value() } catch { throw DynamoJSONError("kinesis.data: \(error.message)") }
      inner.skipWhitespace()
      guard inner.atEnd else { throw DynamoJSONError("kinesis.data: unexpected text after the record") }
      do throws(DynamoJSONError) { return try streamRecord(inner, value, line: line) } catch {
        throw DynamoJSONError("kinesis.data: \(error.message)")
      }
    }
  }

  static func streamRecord(_ scanner: JSONScanner, _ range: Range<Int>, line: Int) throws(DynamoJSONError) -> SourceChange {
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
    var scanner = JSONScanner(line)
    let range = try scanner.value()
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
