import Crypto
import DDBGzip
import Foundation
import DDBAuditModel
import DDBAuditFiles

/// Reads what a file or folder holds, as items or as changes.
enum SourceReader {
  /// The format of `path`, from the folder layout and the first JSON value.
  static func detect(_ path: String) throws -> ImportFormat {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DDBAuditError.io(path: path, message: "no such file or folder")
    }
    let name = (path as NSString).lastPathComponent
    if isDirectory.boolValue && CognitoFiles.isSnapshotFolder(path) { return .cognito }
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
      var scanner = JSONLexer(buffer)
      scanner.skipWhitespace()
      guard scanner.peek == UInt8(ascii: "{") else {
        throw DDBAuditError.badInput(path: path, line: 1, message: "not DynamoDB JSON: expected a JSON object; pass --format to say what it is")
      }
      // The first member's name, and the first member name inside its value; enough even
      // when the first value is longer than the head (or truncated).
      var first: String? = nil
      var inner: String? = nil
      var ends: Int? = nil
      var valueIsObject = false
      var probe = scanner
      probe.i += 1
      if let name = try? probe.skipString() {
        first = scanner.text((name.lowerBound + 1)..<(name.upperBound - 1))
        probe.skipWhitespace()
        if probe.peek == UInt8(ascii: ":") {
          probe.i += 1
          probe.skipWhitespace()
          valueIsObject = probe.peek == UInt8(ascii: "{")
          if valueIsObject {
            probe.i += 1
            if let n = try? probe.skipString() { inner = scanner.text((n.lowerBound + 1)..<(n.upperBound - 1)) }
          }
        }
      }
      var whole = scanner
      if (try? whole.skipValue()) != nil { ends = whole.i }
      // Cognito output's first member holds an array or a string; a DynamoDB item's holds
      // an attribute value (an object), so an item with a "Username" attribute stays jsonl.
      if ["Users", "PaginationToken", "Username", "UserAttributes", "Groups"].contains(first ?? ""), !valueIsObject {
        return .cognito
      }
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
          var elements = JSONLexer(scanner.bytes, at: range.lowerBound)
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
    path: String, _ body: (JSONLexer, Range<Int>, Int, inout LineCounter) throws -> Void
  ) throws {
    let data = try mapped(path)
    try data.withUnsafeBytes { raw in try forEachValue(in: raw.bindMemory(to: UInt8.self), path: path, body) }
  }

  static func forEachValue(
    in buffer: UnsafeBufferPointer<UInt8>, path: String, _ body: (JSONLexer, Range<Int>, Int, inout LineCounter) throws -> Void
  ) throws {
    var scanner = JSONLexer(buffer)
    var lines = LineCounter(bytes: scanner.bytes)
    var count = 0
    while true {
      scanner.skipWhitespace()
      if scanner.atEnd { break }
      count += 1
      let start = scanner.i
      let range: Range<Int>
      do throws(DynamoJSONError) { range = try scanner.skipValue() } catch {
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
    try InputFile.withoutBOM(InputFile.mapped(path), path: path)
  }
}
