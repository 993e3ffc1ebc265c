import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

extension Importer {
  /// The result of an import the store already has (same identity): nothing is added. The
  /// same export or file given for another table is an error, never "already imported".
  ///
  /// For an export, "already imported" means the same export: the same manifest-summary.json
  /// and the same data files (S3 keys and MD5s). A different export under an exportArn the
  /// store has is refused, naming both, since one of them is not what AWS wrote.
  func already(_ result: inout ImportResult, export: S3Export? = nil) throws -> Bool {
    guard let existing = try store.existingImport(identity: result.identity) else { return false }
    guard existing.table.utf8.elementsEqual(result.table.utf8) else {
      throw DDBAuditError.usage(
        "\(result.source) was already imported as table \"\(existing.table)\" (\(existing.identity)); it cannot also be table \"\(result.table)\"")
    }
    if let export {
      let before = try store.importContents(id: existing.id)
      let now = export.files.map { ($0.dataFileS3Key, $0.md5Checksum) }.sorted { $0.0 < $1.0 }
      let sameFiles = before.files.count == now.count && zip(before.files, now).allSatisfy { $0.key == $1.0 && $0.md5 == $1.1 }
      if before.manifest != export.summaryText || !sameFiles {
        let what = before.manifest != export.summaryText ? "manifest-summary.json differs" : "the data files' checksums differ"
        throw DDBAuditError.badInput(
          path: export.folder.path, line: nil,
          message: "exportArn \(result.identity) is already in the store, imported from \(before.source), but this export is not the same (\(what)); one of the two is not the export AWS wrote")
      }
    }
    result.alreadyImported = true
    result.items = existing.itemCount
    result.verified = existing.verified
    return true
  }

  /// Turns a decoding problem of one record into `file:line: what is wrong`.
  private func located<T>(_ path: String, _ line: Int, _ body: () throws(DynamoJSONError) -> T) throws -> T {
    do throws(DynamoJSONError) { return try body() } catch {
      throw DDBAuditError.badInput(path: path, line: line, message: error.message)
    }
  }

  /// The stored form of a change's images and key.
  private func stored(_ change: SourceChange, _ extractor: ItemExtractor, path: String) throws -> StoredChange {
    try located(path, change.line) { () throws(DynamoJSONError) -> StoredChange in
      let key = try extractor.key(of: change.keys)
      func store(_ image: Item?, _ name: String) throws(DynamoJSONError) -> StoredItem? {
        guard let image else { return nil }
        var raw = DynamoJSONEncoder.encode(image)
        let item = try raw.withUnsafeMutableBufferPointer { p throws(DynamoJSONError) in
          try extractor.storedItem(image, loneSurrogate: false, rawLine: UnsafeBufferPointer(p))
        }
        guard item.pk == key.pk && item.sk == key.sk else {
          throw DynamoJSONError("\(name) has the key \(item.pk)/\(item.sk), but Keys says \(key.pk)/\(key.sk)")
        }
        return item
      }
      return StoredChange(
        event: change.event, pk: key.pk, sk: key.sk, newItem: try store(change.newImage, "NewImage"),
        oldItem: try store(change.oldImage, "OldImage"), at: change.at, eventID: change.eventID, ttlDeletion: change.ttlDeletion,
        line: change.line)
    }
  }

  // MARK: Incremental exports

  /// An incremental export: its listed data files (in the shared `AWSDynamoDB/data/`), checked
  /// like a full export's, applied to the table's state in write-time order per key.
  func importIncremental(_ export: S3Export) throws -> ImportResult {
    let summaryPath = export.folder.appendingPathComponent("manifest-summary.json").path
    guard let table = options.table ?? export.summary.tableName else {
      throw DDBAuditError.badInput(path: summaryPath, line: nil, message: "no table name in tableArn or exportArn; pass --table")
    }
    let profile = try resolveProfile(table: table, recordKeys: try firstKeys(of: export), input: summaryPath)
    var result = ImportResult(
      source: export.folder.path, identity: export.summary.exportArn, kind: .incremental, table: table,
      profile: profile.name, alreadyImported: false, items: 0, newVersions: 0, verified: true, problems: [], noncanonical: 0,
      untimed: 0, rejected: 0, files: export.files.count)
    if try already(&result, export: export) { return result }
    var problems: [String] = []
    for problem in export.manifestProblems {
      guard options.allowUnverified else { throw problem }
      problems.append(problem.description)
    }
    func time(_ text: String?, _ name: String) throws -> Int64? {
      guard let text else { return nil }
      guard let ms = Timestamp.parseISO8601(text) else {
        throw DDBAuditError.badInput(path: summaryPath, line: nil, message: "\(name) \"\(text)\" is not an ISO 8601 time")
      }
      return ms
    }
    guard let to = try time(export.summary.exportToTime, "exportToTime") else {
      throw DDBAuditError.badInput(path: summaryPath, line: nil, message: "an incremental export without exportToTime")
    }
    let header = ImportHeader(
      identity: export.summary.exportArn, kind: .incremental, table: table, profile: profile,
      tableArn: export.summary.tableArn, exportTime: nil, exportFrom: try time(export.summary.exportFromTime, "exportFromTime"),
      exportTo: to, source: export.folder.path, manifest: export.summaryText, shard: options.shard)
    let extractor = ItemExtractor(profile: profile)
    let (_, record) = try store.writeImport(header) { writer -> ((), files: [ImportedFile], verified: Bool) in
      var files: [ImportedFile] = []
      var applied: [String: Int64] = [:]  // key → write time applied, so the latest write wins
      for (index, entry) in export.files.enumerated() {
        let url = try export.localPath(forKey: entry.dataFileS3Key, manifestLine: export.fileLines[index])
        guard FileManager.default.fileExists(atPath: url.path) else {
          throw DDBAuditError.io(
            path: url.path, message: "data file listed in manifest-files.json (line \(export.fileLines[index])) is missing")
        }
        var lines: Int64 = 0
        let read = try LineReader(path: url.path, gzip: nil, limits: self.options.limits).forEachLine(progress: { _ in }) { line, number in
          lines += 1
          if Interruption.requested { throw DDBAuditError.interrupted }
          let change = try self.located(url.path, number) { () throws(DynamoJSONError) in try SourceReader.incrementalChange(line, number: number) }
          let storedChange = try self.stored(change, extractor, path: url.path)
          let key = storedChange.pk + "\u{0}" + storedChange.sk
          if let at = change.at, let previous = applied[key], previous > at { return }
          applied[key] = change.at ?? Int64.max
          guard try self.keeps(storedChange, writer: writer) else { return }
          _ = try writer.apply(storedChange)
        }
        var message = entry.mismatch(md5Base64: read.md5Base64, items: lines, what: "records")
        if !read.gzipped && read.bytes > 0 { message += (message.isEmpty ? "" : "; ") + "the data file is not gzip, as every S3 export's is" }
        if !message.isEmpty {
          if !self.options.allowUnverified { throw DDBAuditError.checksumMismatch(path: url.path, message: message) }
          problems.append("\(url.path): \(message)")
        }
        files.append(
          ImportedFile(
            path: url.path, s3Key: entry.dataFileS3Key, md5: entry.md5Checksum, etag: entry.etag, itemCount: lines,
            bytes: read.bytes, verified: message.isEmpty))
      }
      return ((), files, problems.isEmpty)
    }
    result.items = record.itemCount
    result.newVersions = record.newVersions
    result.verified = record.verified
    result.problems = problems
    return result
  }

  /// The key names of an incremental export's first record, which a table no profile
  /// describes is learned from. Nil when a profile is named or there is no record.
  private func firstKeys(of export: S3Export) throws -> TableShape? {
    guard options.profile == nil, options.shape == nil, let entry = export.files.first else { return nil }
    let url = try export.localPath(forKey: entry.dataFileS3Key, manifestLine: export.fileLines[0])
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    struct Found: Error { var names: [String] }
    do {
      _ = try LineReader(path: url.path, gzip: nil).forEachLine(progress: { _ in }) { line, number in
        let change = try self.located(url.path, number) { () throws(DynamoJSONError) in try SourceReader.incrementalChange(line, number: number) }
        throw Found(names: change.keys.entries.map { String(decoding: $0.name, as: UTF8.self) })
      }
    } catch let found as Found {
      return TableShape.recordKeys(found.names, source: "the records in \(url.path)")
    }
    return nil
  }

  // MARK: Files

  /// A scan, pipeline, JSON-lines or stream-records file, identified by the SHA-256 of its bytes.
  func importFile(_ path: String, format: ImportFormat) throws -> ImportResult {
    guard format == .stream else { return try importFile(path, format: format, stream: nil) }
    let rejected = RejectedLines(path: path, enabled: options.skipInvalid)
    var result = try SourceReader.withStreamRecords(path: path, reject: rejected.sink) { outline, records in
      if options.table == nil && outline.tables.count > 1 {
        throw DDBAuditError.badInput(
          path: path, line: nil,
          message: "records of tables \(outline.tables.map { "\"\($0)\"" }.joined(separator: ", ")) in one file; pass --table to import one")
      }
      // Evidence from the future (a REMOVE stamped after now could pass for a TTL deletion
      // that has not happened) is refused, as an export time in the future is.
      let now = Timestamp.now()
      if let latest = outline.times.max(), Timestamp.isInTheFuture(latest, now: now) {
        throw DDBAuditError.badInput(
          path: path, line: nil,
          message: "records are stamped as late as \(Timestamp.iso8601(milliseconds: latest)), after now (\(Timestamp.iso8601(milliseconds: now))): stream records cannot come from the future")
      }
      return try withoutActuallyEscaping(records) { try importFile(path, format: format, stream: (outline, $0)) }
    }
    if !result.alreadyImported {
      try rejects?.append(rejected.lines)
      result.rejected += rejected.lines.count
    }
    return result
  }

  /// Imports a file; for stream records, with the file's outline and its records.
  private func importFile(
    _ path: String, format: ImportFormat, stream: (outline: SourceReader.StreamOutline, records: SourceReader.StreamRecords)?
  ) throws -> ImportResult {
    let identity = try SourceReader.contentIdentity([path])
    guard let kind = format.kind else { throw DDBAuditError.internalInvariant("\(format.rawValue) is not a table format") }
    let table = options.table ?? stream?.outline.tables.first
    guard let table else {
      throw DDBAuditError.usage(
        "\(path): \(format.rawValue) files carry no table name; pass --table NAME (and --profile if the name matches no profile)")
    }
    let recordKeys = stream?.outline.keyNames.flatMap { TableShape.recordKeys($0, source: "the stream records in \(path)") }
    let profile = try resolveProfile(table: table, recordKeys: recordKeys, input: path)
    var result = ImportResult(
      source: path, identity: identity, kind: kind, table: table, profile: profile.name, alreadyImported: false, items: 0,
      newVersions: 0, verified: true, problems: [], noncanonical: 0, untimed: 0, rejected: 0, files: 1)
    if try already(&result) { return result }
    let header = ImportHeader(
      identity: identity, kind: kind, table: table, profile: profile, tableArn: nil,
      exportTime: format.holdsChanges ? nil : options.snapshotTime, exportFrom: stream?.outline.times.min(), exportTo: stream?.outline.times.max(),
      source: path, manifest: nil, shard: options.shard)
    let extractor = ItemExtractor(profile: profile)
    var noncanonical = 0
    var untimed = 0
    // --skip-invalid: lines that cannot be read, or whose item cannot be stored, go to --rejects.
    let rejected = RejectedLines(path: path, enabled: options.skipInvalid)
    let reject = rejected.sink
    let (_, record) = try store.writeImport(header) { writer -> ((), files: [ImportedFile], verified: Bool) in
      func add(_ item: Item, _ lone: Bool, _ raw: UnsafeBufferPointer<UInt8>, _ line: Int) throws {
        if Interruption.requested { throw DDBAuditError.interrupted }
        let stored: StoredItem
        do throws(DynamoJSONError) { stored = try extractor.storedItem(item, loneSurrogate: lone, rawLine: raw) } catch {
          guard let reject else { throw DDBAuditError.badInput(path: path, line: line, message: error.message) }
          return try reject(line, error.message, String(decoding: raw, as: UTF8.self))
        }
        guard self.keeps(stored) else { return }
        if stored.noncanonical != nil { noncanonical += 1 }
        if stored.recordTime == nil && profile.time != .none { untimed += 1 }
        try writer.add(stored)
      }
      switch format {
      case .scan: try SourceReader.forEachScanItem(path: path, reject: reject, add)
      case .jsonl, .pipeline: _ = try SourceReader.forEachLineItem(path: path, format: format, limits: self.options.limits, reject: reject, add)
      case .stream:
        try stream?.records { change in
          let stored: StoredChange
          do { stored = try self.stored(change, extractor, path: path) } catch DDBAuditError.badInput(_, let line, let message) where reject != nil {
            return try reject?(line ?? change.line, message, "") ?? ()
          }
          guard try self.keeps(stored, writer: writer) else { return }
          _ = try writer.apply(stored)
        }
      case .export, .incremental, .cognito:
        throw DDBAuditError.internalInvariant("\(format.rawValue) is not imported file by file")
      }
      let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
      let file = ImportedFile(path: path, s3Key: nil, md5: nil, etag: nil, itemCount: writer.itemCount, bytes: bytes, verified: true)
      return ((), [file], true)
    }
    result.items = record.itemCount
    result.newVersions = record.newVersions
    result.noncanonical = noncanonical
    result.untimed = untimed
    try rejects?.append(rejected.lines)
    result.rejected = rejected.lines.count
    return result
  }
}

/// The lines of one file that `--skip-invalid` leaves out, collected for `--rejects`: `sink` is
/// what the readers call with (line, reason, text), or nil when invalid lines must fail the import.
final class RejectedLines {
  let path: String
  private(set) var lines: [RejectedLine] = []
  private(set) var sink: ((Int, String, String) throws -> Void)? = nil

  init(path: String, enabled: Bool) {
    self.path = path
    if enabled { sink = { [unowned self] line, reason, text in self.lines.append(RejectedLine(path: self.path, line: line, reason: reason, text: text)) } }
  }
}
