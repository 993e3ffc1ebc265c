import Crypto
import DDBGzip
import Foundation
import DDBAuditModel

/// Writes a DynamoDB S3 full export in AWS's real layout:
///
///     <root>/<prefix>/AWSDynamoDB/<exportId>/_started
///                                           manifest-summary.json  manifest-summary.md5
///                                           manifest-files.json    manifest-files.md5
///                                           data/<26 base32 chars>.json.gz
///
/// Data lines are added one at a time and streamed through gzip, so exports of any size
/// can be written in bounded memory.
package final class ExportWriter {
  package let table: String
  package let exportID: String
  package let exportTime: Int64
  package let folder: URL
  let prefix: String
  private var files: [DataFile]
  /// For an incremental export: its window and view.
  let incremental: (from: Int64, to: Int64, view: String)?
  private let region = "us-east-1"
  private let account = "123456789012"

  final class DataFile {
    let name: String
    let handle: FileHandle
    let deflater: Deflater
    var md5 = Insecure.MD5()
    var items: Int64 = 0
    var pending: [UInt8] = []
    init(name: String, url: URL) throws {
      self.name = name
      guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
      handle = try FileHandle(forWritingTo: url)
      deflater = try Deflater(level: 6)
    }
    func write(_ bytes: UnsafeRawBufferPointer) throws {
      md5.update(bufferPointer: bytes)
      try handle.write(contentsOf: Data(bytes))
    }
    func flush(final: Bool) throws {
      try pending.withUnsafeBytes { raw in try deflater.push(raw) { try write($0) } }
      pending.removeAll(keepingCapacity: true)
      if final { try deflater.finish { try write($0) } }
    }
  }

  /// Creates the export folder under `root/prefix`, with `fileCount` data files.
  /// With `incremental`, an incremental export of that window: its data files go to the
  /// shared `AWSDynamoDB/data/` folder, as AWS writes them.
  package init(
    root: URL, prefix: String, table: String, exportTime: Int64, fileCount: Int, seed: UInt64,
    incremental: (from: Int64, to: Int64, view: String)? = nil
  ) throws {
    self.table = table
    self.exportTime = exportTime
    self.prefix = prefix
    self.incremental = incremental
    var rng = SplitMix64(seed: seed ^ UInt64(bitPattern: exportTime))
    let hex = String(format: "%08x", UInt32(truncatingIfNeeded: rng.next()))
    exportID = String(format: "%014lld", exportTime) + "-" + hex
    folder = root.appendingPathComponent(prefix).appendingPathComponent("AWSDynamoDB").appendingPathComponent(exportID)
    let data = incremental == nil ? folder.appendingPathComponent("data") : folder.deletingLastPathComponent().appendingPathComponent("data")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try Data().write(to: folder.appendingPathComponent("_started"))
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    files = try (0..<max(1, fileCount)).map { _ in
      let name = String((0..<26).map { _ in alphabet[Int(rng.next() % 32)] }) + ".json.gz"
      return try DataFile(name: name, url: data.appendingPathComponent(name))
    }
  }

  package var exportArn: String { "arn:aws:dynamodb:\(region):\(account):table/\(table)/export/\(exportID)" }

  /// Adds one item as `{"Item": …}` to data file `file` (modulo the file count).
  package func add(_ item: Item, file: Int = 0) throws {
    try addLine(Array("{\"Item\":".utf8) + DynamoJSONEncoder.encode(item) + [UInt8(ascii: "}")], file: file)
  }

  /// Adds one raw line (without its newline) to data file `file`.
  package func addLine(_ line: [UInt8], file: Int = 0) throws {
    let f = files[file % files.count]
    f.pending.append(contentsOf: line)
    f.pending.append(0x0A)
    f.items += 1
    if f.pending.count >= 1 << 16 { try f.flush(final: false) }
  }

  /// Finishes the data files and writes the manifests and their checksums.
  @discardableResult
  package func finish() throws -> URL {
    var manifestLines: [String] = []
    var total: Int64 = 0
    for f in files {
      try f.flush(final: true)
      try f.handle.close()
      let md5 = Data(f.md5.finalize())
      let etag = md5.map { String(format: "%02x", $0) }.joined() + "-1"
      let key = incremental == nil ? "\(prefix)/AWSDynamoDB/\(exportID)/data/\(f.name)" : "\(prefix)/AWSDynamoDB/data/\(f.name)"
      manifestLines.append(
        #"{"itemCount":\#(f.items),"md5Checksum":"\#(md5.base64EncodedString())","etag":"\#(etag)","dataFileS3Key":"\#(key)"}"#)
      total += f.items
    }
    let manifestFiles = Data((manifestLines.joined(separator: "\n") + "\n").utf8)
    let start = Timestamp.iso8601(milliseconds: exportTime)
    let end = Timestamp.iso8601(milliseconds: exportTime + 754_780)
    var summary = """
      {"version":"2020-06-30","exportArn":"\(exportArn)","startTime":"\(start)","endTime":"\(end)",\
      "tableArn":"arn:aws:dynamodb:\(region):\(account):table/\(table)","tableId":"\(tableID)",\
      "exportTime":"\(start)","s3Bucket":"ddbaudit-samples","s3Prefix":"\(prefix)","s3SseAlgorithm":"AES256",\
      "s3SseKmsKeyId":null,"manifestFilesS3Key":"\(prefix)/AWSDynamoDB/\(exportID)/manifest-files.json",\
      "billedSizeBytes":\(total * 180),"itemCount":\(total),"outputFormat":"DYNAMODB_JSON"}
      """
    if let incremental {
      summary = """
        {"version":"2023-08-01","exportArn":"\(exportArn)","startTime":"\(start)","endTime":"\(end)",\
        "tableArn":"arn:aws:dynamodb:\(region):\(account):table/\(table)","tableId":"\(tableID)",\
        "exportFromTime":"\(Timestamp.iso8601(milliseconds: incremental.from))","exportToTime":"\(Timestamp.iso8601(milliseconds: incremental.to))",\
        "s3Bucket":"ddbaudit-samples","s3Prefix":"\(prefix)","s3SseAlgorithm":"AES256",\
        "s3SseKmsKeyId":null,"manifestFilesS3Key":"\(prefix)/AWSDynamoDB/\(exportID)/manifest-files.json",\
        "billedSizeBytes":\(total * 180),"itemCount":\(total),"outputFormat":"DYNAMODB_JSON",\
        "outputView":"\(incremental.view)","exportType":"INCREMENTAL_EXPORT"}
        """
    }
    let summaryData = Data(summary.utf8)
    try write(summaryData, "manifest-summary.json")
    try write(Data((Data(Insecure.MD5.hash(data: summaryData)).base64EncodedString() + "\n").utf8), "manifest-summary.md5")
    try write(manifestFiles, "manifest-files.json")
    try write(Data((Data(Insecure.MD5.hash(data: manifestFiles)).base64EncodedString() + "\n").utf8), "manifest-files.md5")
    return folder
  }

  private var tableID: String {
    let h = Array(SHA256.hash(data: Data(table.utf8))).map { String(format: "%02x", $0) }.joined()
    let c = Array(h)
    return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
  }

  private func write(_ data: Data, _ name: String) throws {
    try data.write(to: folder.appendingPathComponent(name))
  }
}
