import Crypto
import DDBAuditSamples
import DDBGzip
import Foundation
import DDBAuditModel

/// Builds S3 full exports in the real layout, and corrupts copies of them for tamper tests.
package struct ExportFixture {
  package let folder: URL

  package init(folder: URL) { self.folder = folder }

  /// Writes `items` as a clean, correctly checksummed export of `table` under `root`.
  package static func write(
    _ items: [Item], table: String, root: URL, exportTime: Int64 = SeedTables.sampleExportTime, files: Int = 2
  ) throws -> ExportFixture {
    ExportFixture(folder: try SeedTables.writeExport(items, table: table, root: root, exportTime: exportTime, files: files))
  }

  /// The manifest-files.json entries.
  package func manifestEntries() throws -> [[String: Any]] {
    try readJSONLines(folder.appendingPathComponent("manifest-files.json"))
  }

  /// The local data files, in manifest order.
  package func dataFiles() throws -> [URL] {
    try manifestEntries().map { entry in
      let key = entry["dataFileS3Key"] as! String
      return folder.appendingPathComponent("data").appendingPathComponent(String(key.split(separator: "/").last!))
    }
  }

  /// Rewrites manifest-files.json through `transform` and refreshes manifest-files.md5,
  /// so that only what `transform` changed is wrong.
  package func editManifestFiles(_ transform: (inout [[String: Any]]) -> Void) throws {
    var entries = try manifestEntries()
    transform(&entries)
    let lines = try entries.map {
      String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
    let text = lines.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: folder.appendingPathComponent("manifest-files.json"))
    try refreshChecksum("manifest-files")
  }

  /// Rewrites manifest-summary.json through `transform` and refreshes its .md5.
  package func editSummary(_ transform: (inout [String: Any]) -> Void) throws {
    let url = folder.appendingPathComponent("manifest-summary.json")
    var summary = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    transform(&summary)
    try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .withoutEscapingSlashes]).write(to: url)
    try refreshChecksum("manifest-summary")
  }

  /// Replaces data file `index` with `lines` (gzipped unless `gzip` is false) and fixes
  /// its manifest entry, the manifest checksums and the summary's itemCount.
  package func replaceDataFile(_ index: Int, lines: [String], gzip: Bool = true, raw: Data? = nil) throws {
    let url = try dataFiles()[index]
    let plain = Data(lines.map { $0 + "\n" }.joined().utf8)
    let bytes: Data
    if let raw { bytes = raw } else if gzip { bytes = Data(try DDBGzip.gzip([UInt8](plain))) } else { bytes = plain }
    try bytes.write(to: url)
    try editManifestFiles { entries in
      entries[index]["md5Checksum"] = Data(Insecure.MD5.hash(data: bytes)).base64EncodedString()
      entries[index]["itemCount"] = lines.count
    }
    let total = try manifestEntries().reduce(0) { $0 + ($1["itemCount"] as! Int) }
    try editSummary { $0["itemCount"] = total }
  }

  package func refreshChecksum(_ manifest: String) throws {
    let data = try Data(contentsOf: folder.appendingPathComponent("\(manifest).json"))
    try Data((Data(Insecure.MD5.hash(data: data)).base64EncodedString() + "\n").utf8)
      .write(to: folder.appendingPathComponent("\(manifest).md5"))
  }
}

/// A typical, valid `audit_logs` line for building bad-input fixtures around.
package let validAuditLine =
  #"{"Item":{"user_id":{"S":"u-1"},"timestamp#log_id":{"S":"2026-01-02T03:04:05Z#log-1"},"action":{"S":"LOGIN"},"ttl":{"N":"2000000000"}}}"#
