import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

/// Imports DynamoDB exports into the store: streaming, checked, and all-or-nothing.
package final class Importer {
  let store: AuditStore
  let catalog: ProfileCatalog
  let options: ImportOptions
  package weak var observer: ImportObserver?
  /// The crash-recovery tests' fault (`ImportFaults`); nil in ddbaudit.
  private let killAfterItems = ImportFaults.killAfterItems
  var rejects: RejectsFile?
  static let batchSize = 2048
  /// A batch holds at most this many bytes of item lines (8 batches queue up at most).
  static let batchByteLimit = 4 << 20

  package init(store: AuditStore, catalog: ProfileCatalog, options: ImportOptions) {
    self.store = store
    self.catalog = catalog
    self.options = options
  }

  /// Imports every export found at `paths`, in one transaction: all of them land, or none.
  package func importPaths(_ paths: [String]) throws -> [ImportResult] {
    // Refused before any file is read (writeImport checks again, for every writer of the store).
    try store.admit(shard: options.shard)
    var folders: [URL] = []
    var files: [(String, ImportFormat)] = []
    for path in paths {
      // Detection also refuses ION and missing paths, so it runs even when --format is given.
      let detected = try SourceReader.detect(path)
      let format = options.format ?? detected
      if format == .cognito {
        throw DDBAuditError.usage("\(path) is a Cognito user pool snapshot: import it on its own (ddbaudit import \(path)), not with table exports")
      }
      if format == .export || format == .incremental {
        folders += try ExportLocator.exports(at: path)
      } else {
        files.append((path, format))
      }
    }
    if folders.isEmpty && files.isEmpty {
      throw DDBAuditError.badInput(path: paths.joined(separator: " "), line: nil, message: "no export found (no manifest-summary.json)")
    }
    let exports = try folders.map(S3Export.open(folder:)).sorted { exportOrder($0) < exportOrder($1) }
    if options.skipInvalid {
      guard let path = options.rejectsPath else { throw DDBAuditError.usage("--skip-invalid needs --rejects FILE") }
      rejects = try RejectsFile(path: path)
    }
    let results = try store.transaction {
      var results: [ImportResult] = []
      for export in exports {
        results.append(export.summary.isIncremental ? try importIncremental(export) : try importExport(export))
      }
      for (path, format) in files { results.append(try importFile(path, format: format)) }
      return results
    }
    try rejects?.commit()
    return results
  }

  private func exportOrder(_ export: S3Export) -> String {
    (export.summary.exportTime ?? export.summary.exportToTime ?? "") + export.folder.path
  }

  private func importExport(_ export: S3Export) throws -> ImportResult {
    let summaryPath = export.folder.appendingPathComponent("manifest-summary.json").path
    guard let table = options.table ?? export.summary.tableName else {
      throw DDBAuditError.badInput(path: summaryPath, line: nil, message: "no table name in tableArn or exportArn; pass --table")
    }
    let profile = try resolveProfile(table: table, recordKeys: nil, input: summaryPath)
    var result = ImportResult(
      source: export.folder.path, identity: export.summary.exportArn, kind: .full, table: table, profile: profile.name,
      alreadyImported: false, items: 0, newVersions: 0, verified: true, problems: [], noncanonical: 0, untimed: 0,
      rejected: 0, files: export.files.count)
    if try already(&result, export: export) { return result }
    var problems: [String] = []
    for problem in export.manifestProblems {
      guard options.allowUnverified else { throw problem }
      problems.append(problem.description)
    }
    let exportTime = export.summary.exportTime.flatMap(Timestamp.parseISO8601)
    if export.summary.exportTime != nil && exportTime == nil {
      throw DDBAuditError.badInput(path: summaryPath, line: nil, message: "exportTime \"\(export.summary.exportTime!)\" is not an ISO 8601 time")
    }
    let header = ImportHeader(
      identity: export.summary.exportArn, kind: .full, table: table, profile: profile,
      tableArn: export.summary.tableArn, exportTime: exportTime, exportFrom: nil, exportTo: nil,
      source: export.folder.path, manifest: export.summaryText, shard: options.shard)

    let (counts, record) = try store.writeImport(header) { writer in
      let outcome = try self.stream(export, extractor: ItemExtractor(profile: profile), into: writer)
      problems += outcome.problems
      return (outcome, outcome.files, problems.isEmpty)
    }
    result.items = record.itemCount
    result.newVersions = record.newVersions
    result.verified = record.verified
    result.problems = problems
    result.noncanonical = counts.noncanonical
    result.untimed = counts.untimed
    result.rejected = counts.rejected
    return result
  }

  struct StreamOutcome {
    var files: [ImportedFile] = []
    var problems: [String] = []
    var noncanonical = 0
    var untimed = 0
    var rejected = 0
  }

  /// One unit of work handed from the reading thread to the writing thread.
  struct Batch: Sendable {
    var items: [StoredItem] = []
    var rejects: [RejectedLine] = []
    var file: ImportedFile? = nil
    var problem: String? = nil
    var error: DDBAuditError? = nil
    var bytesRead: Int64 = 0
  }

  /// Reads and parses the data files on a second thread while this one writes to SQLite.
  private func stream(_ export: S3Export, extractor: ItemExtractor, into writer: ImportWriter) throws -> StreamOutcome {
    let queue = BatchQueue<Batch>(capacity: 8)
    let done = DispatchSemaphore(value: 0)
    let totalBytes = export.files.enumerated().reduce(Int64(0)) { sum, pair in
      let url = try? export.localPath(forKey: pair.element.dataFileS3Key, manifestLine: export.fileLines[pair.offset])
      let size = url.flatMap { try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int64 } ?? 0
      return sum + size
    }
    observer?.willRead(label: export.summary.tableName ?? extractor.profile.name, totalBytes: totalBytes)
    let skipInvalid = options.skipInvalid
    let allowUnverified = options.allowUnverified
    let limits = options.limits
    let thread = Thread {
      defer { done.signal() }
      Self.produce(
        export: export, extractor: extractor, skipInvalid: skipInvalid, allowUnverified: allowUnverified, limits: limits, queue: queue)
    }
    thread.stackSize = 8 << 20
    thread.start()
    defer {
      queue.cancel()
      done.wait()
      observer?.didFinishReading()
    }

    var outcome = StreamOutcome()
    var bytesRead: Int64 = 0
    var layout = LayoutBuffer()
    func write() throws {
      try layout.drain { item in
        try writer.add(item)
        if let killAfterItems, writer.itemCount >= killAfterItems { kill(getpid(), SIGKILL) }
      }
    }
    while let batch = queue.take() {
      if Interruption.requested { throw DDBAuditError.interrupted }
      if let error = batch.error { throw error }
      for item in batch.items where keeps(item) {
        if item.noncanonical != nil { outcome.noncanonical += 1 }
        if item.recordTime == nil && extractor.profile.time != .none { outcome.untimed += 1 }
        if layout.append(item) { try write() }
      }
      if !batch.rejects.isEmpty {
        try rejects?.append(batch.rejects)
        outcome.rejected += batch.rejects.count
      }
      if let file = batch.file { outcome.files.append(file) }
      if let problem = batch.problem { outcome.problems.append(problem) }
      bytesRead += batch.bytesRead
      observer?.didRead(totalBytes: bytesRead)
      queue.giveBack(batch)
    }
    try write()
    return outcome
  }

  /// The reading thread: un-gzips, splits, decodes and canonicalises, file by file.
  private static func produce(
    export: S3Export, extractor: ItemExtractor, skipInvalid: Bool, allowUnverified: Bool, limits: InputLimits,
    queue: BatchQueue<Batch>
  ) {
    struct Cancelled: Error {}
    do {
      var transcoder = extractor.transcoder()
      for (index, entry) in export.files.enumerated() {
        let url = try export.localPath(forKey: entry.dataFileS3Key, manifestLine: export.fileLines[index])
        guard FileManager.default.fileExists(atPath: url.path) else {
          throw DDBAuditError.io(path: url.path, message: "data file listed in manifest-files.json (line \(export.fileLines[index])) is missing")
        }
        var batch = Batch()
        batch.items.reserveCapacity(batchSize)
        var items: Int64 = 0
        let reader = LineReader(path: url.path, gzip: nil, limits: limits)
        var batchBytes = 0
        let read = try reader.forEachLine(progress: { batch.bytesRead += Int64($0) }) { line, number in
          items += 1
          do throws(DynamoJSONError) {
            batch.items.append(try extractor.storedItem(line: line, wrapper: .required, transcoder: &transcoder))
            batchBytes += line.count
          } catch {
            guard skipInvalid else { throw DDBAuditError.badInput(path: url.path, line: number, message: error.message) }
            batch.rejects.append(
              RejectedLine(path: url.path, line: number, reason: error.message, text: String(decoding: line, as: UTF8.self)))
          }
          // Batches are bounded by bytes as well as items, so that memory stays bounded
          // whatever the items weigh (the queue holds at most `capacity` batches).
          if batch.items.count >= batchSize || batchBytes >= batchByteLimit {
            guard queue.put(batch) else { throw Cancelled() }
            queue.dropGivenBack()
            batch = Batch()
            batch.items.reserveCapacity(batchSize)
            batchBytes = 0
          }
        }
        var message = entry.mismatch(md5Base64: read.md5Base64, items: items)
        if !read.gzipped && read.bytes > 0 { message += (message.isEmpty ? "" : "; ") + "the data file is not gzip, as every S3 export's is" }
        if !message.isEmpty {
          if !allowUnverified { throw DDBAuditError.checksumMismatch(path: url.path, message: message) }
          batch.problem = "\(url.path): \(message)"
        }
        batch.file = ImportedFile(
          path: url.path, s3Key: entry.dataFileS3Key, md5: entry.md5Checksum, etag: entry.etag, itemCount: items,
          bytes: read.bytes, verified: message.isEmpty)
        guard queue.put(batch) else { throw Cancelled() }
      }
    } catch is Cancelled {
    } catch let error as DDBAuditError {
      queue.put(Batch(error: error))
    } catch {
      queue.put(Batch(error: .io(path: export.folder.path, message: "\(error)")))
    }
    queue.finish()
  }
}
