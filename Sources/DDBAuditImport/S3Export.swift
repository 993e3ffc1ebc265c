import Crypto
import Foundation
import DDBAuditModel

/// A local copy of one S3 export: its folder, summary and data files.
package struct S3Export: Sendable {
  /// The export folder, `…/AWSDynamoDB/<exportId>/`.
  package var folder: URL
  package var summary: ExportSummary
  /// `manifest-summary.json` exactly as read.
  package var summaryText: String
  package var files: [ManifestFileEntry]
  /// The line of manifest-files.json each entry of `files` came from.
  package var fileLines: [Int]
  /// Problems with the manifests' own checksums (refused unless --allow-unverified).
  package var manifestProblems: [DDBAuditError]

  /// Reads and checks the manifests of the export in `folder`.
  package static func open(folder: URL) throws -> S3Export {
    let summaryURL = folder.appendingPathComponent("manifest-summary.json")
    let summaryData = try readFile(summaryURL)
    let summary: ExportSummary
    do { summary = try JSONDecoder().decode(ExportSummary.self, from: summaryData) } catch {
      if let syntax = jsonSyntaxProblem(summaryData) { throw DDBAuditError.badInput(path: summaryURL.path, line: syntax.line, message: syntax.message) }
      throw DDBAuditError.badInput(path: summaryURL.path, line: nil, message: "not a valid manifest-summary.json: \(describe(decodingError: error))")
    }
    try checkIdentity(summary, path: summaryURL.path)
    if summary.outputFormat?.uppercased() == "ION" {
      throw DDBAuditError.badInput(
        path: summaryURL.path, line: nil,
        message: "this is an ION export, which ddbaudit does not read; export the table again with --export-format DYNAMODB_JSON")
    }
    var problems: [DDBAuditError] = []
    problems += checkManifestChecksum(folder: folder, name: "manifest-summary", data: summaryData)
    let filesURL = folder.appendingPathComponent("manifest-files.json")
    let filesData = try readFile(filesURL)
    problems += checkManifestChecksum(folder: folder, name: "manifest-files", data: filesData)

    var files: [ManifestFileEntry] = []
    var fileLines: [Int] = []
    let decoder = JSONDecoder()
    for (index, line) in filesData.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
      fileLines.append(index + 1)
      do { files.append(try decoder.decode(ManifestFileEntry.self, from: Data(line))) } catch {
        let detail = jsonSyntaxProblem(Data(line))?.message ?? describe(decodingError: error)
        throw DDBAuditError.badInput(path: filesURL.path, line: index + 1, message: "not a manifest entry: \(detail)")
      }
    }
    var listed: [String: Int] = [:]
    for (entry, line) in zip(files, fileLines) {
      if entry.itemCount < 0 { throw DDBAuditError.badInput(path: filesURL.path, line: line, message: "itemCount \(entry.itemCount) is negative") }
      if let first = listed[entry.dataFileS3Key] {
        throw DDBAuditError.badInput(
          path: filesURL.path, line: line, message: "dataFileS3Key \"\(entry.dataFileS3Key)\" is listed twice (first on line \(first)); its items would be read twice")
      }
      listed[entry.dataFileS3Key] = line
    }
    if let total = summary.itemCount {
      // Counts from the manifest are added with overflow checked: 2^63 - 1 plus one is a
      // mismatch, not a crash.
      var sum: Int64? = 0
      for entry in files {
        guard let partial = sum else { break }
        let (next, overflow) = partial.addingReportingOverflow(entry.itemCount)
        sum = overflow ? nil : next
      }
      guard let sum else {
        throw DDBAuditError.badInput(
          path: filesURL.path, line: nil, message: "the data files' itemCounts add up to more than 2^63 - 1 items; this manifest cannot be right")
      }
      if sum != total {
        problems.append(.checksumMismatch(
          path: filesURL.path, message: "item counts of the data files add up to \(sum), but manifest-summary.json says itemCount \(total)"))
      }
    }
    let export = S3Export(
      folder: folder, summary: summary, summaryText: String(decoding: summaryData, as: UTF8.self), files: files, fileLines: fileLines,
      manifestProblems: problems)
    // Two keys naming one local file would read its items twice.
    var local: [String: Int] = [:]
    for (entry, line) in zip(files, fileLines) {
      let path = try export.localPath(forKey: entry.dataFileS3Key, manifestLine: line).standardizedFileURL.path
      if let first = local[path] {
        throw DDBAuditError.badInput(
          path: filesURL.path, line: line, message: "dataFileS3Key \"\(entry.dataFileS3Key)\" names the same file as line \(first); its items would be read twice")
      }
      local[path] = line
    }
    return export
  }

  /// What a manifest-summary.json must say of itself: a non-empty exportArn, a tableArn of the
  /// same account and region, and an export time that is not in the future.
  static func checkIdentity(_ summary: ExportSummary, path: String) throws {
    func fail(_ message: String) -> DDBAuditError { .badInput(path: path, line: nil, message: message) }
    guard summary.exportArn.hasPrefix("arn:"), summary.exportArn.contains(":table/") else {
      throw fail("exportArn \"\(summary.exportArn)\" is not an export ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/export/ID)")
    }
    func accountAndRegion(_ arn: String) -> String { arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).prefix(2).joined(separator: ":") }
    if let tableArn = summary.tableArn, !tableArn.isEmpty, accountAndRegion(tableArn) != accountAndRegion(summary.exportArn) {
      throw fail("tableArn \(tableArn) is of another region or account than exportArn \(summary.exportArn)")
    }
    let now = Timestamp.now()
    for (name, value) in [("exportTime", summary.exportTime), ("exportToTime", summary.exportToTime)] {
      guard let value, let ms = Timestamp.parseISO8601(value) else { continue }
      if Timestamp.isInTheFuture(ms, now: now) {
        throw fail("\(name) \(value) is in the future (now \(Timestamp.iso8601(milliseconds: now))): an export cannot hold what has not happened")
      }
    }
  }

  /// The local path of a data file, from its `dataFileS3Key`.
  ///
  /// Keys are relative to the bucket root and include the S3 prefix, so they are resolved by
  /// the part after `AWSDynamoDB/`. A key that climbs out of the export (`..`, an absolute
  /// path, a symbolic link leading elsewhere) is refused.
  package func localPath(forKey key: String, manifestLine: Int) throws -> URL {
    let manifest = folder.appendingPathComponent("manifest-files.json").path
    func refuse(_ why: String) -> DDBAuditError {
      .badInput(path: manifest, line: manifestLine, message: "dataFileS3Key \"\(key)\" \(why)")
    }
    guard let marker = key.range(of: "AWSDynamoDB/", options: .backwards) else {
      throw refuse("does not contain AWSDynamoDB/")
    }
    let relative = key[marker.upperBound...].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if key.hasPrefix("/") || relative.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
      throw refuse("leaves the export folder")
    }
    // Full exports: <exportId>/data/<file>; incremental exports share AWSDynamoDB/data/<file>.
    let root: URL
    let rest: ArraySlice<String>
    if relative.first == "data" && summary.isIncremental {
      root = folder.deletingLastPathComponent().appendingPathComponent("data", isDirectory: true)
      rest = relative.dropFirst()
    } else if relative.count >= 2 && relative[1] == "data" {
      root = folder.appendingPathComponent("data", isDirectory: true)
      rest = relative.dropFirst(2)
    } else {
      throw refuse("is not under this export's data/ folder")
    }
    guard !rest.isEmpty else { throw refuse("names no file") }
    let url = rest.reduce(root) { $0.appendingPathComponent($1) }
    // The data folder is where the export says, under the (resolved) export folder itself: a
    // `data` that is a link to another folder, or a file linking out, leaves the export.
    let container = root.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
    let realRoot = container + "/data/"
    let realFile = url.resolvingSymlinksInPath().standardizedFileURL.path
    guard root.resolvingSymlinksInPath().standardizedFileURL.path + "/" == realRoot, realFile.hasPrefix(realRoot) else {
      throw refuse("resolves outside the export folder")
    }
    return url
  }
}
