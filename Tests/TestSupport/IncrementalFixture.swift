import Crypto
import DDBGzip
import Foundation

/// A copy of an incremental export whose shared data file can be rewritten.
package struct IncrementalFixture {
  package let exportFolder: URL
  package let dataFile: URL

  package init(folder: URL) throws {
    let aws = folder.appendingPathComponent("AWSDynamoDB")
    let entries = try FileManager.default.contentsOfDirectory(atPath: aws.path)
    exportFolder = aws.appendingPathComponent(entries.first { $0 != "data" }!)
    let data = aws.appendingPathComponent("data")
    dataFile = data.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: data.path)[0])
  }

  /// Replaces the data file's lines; with `refreshManifest`, its MD5 and count too.
  package func replaceData(lines: [String], refreshManifest: Bool = true) throws {
    let bytes = try DDBGzip.gzip(Array((lines.joined(separator: "\n") + "\n").utf8))
    try Data(bytes).write(to: dataFile)
    guard refreshManifest else { return }
    let manifest = exportFolder.appendingPathComponent("manifest-files.json")
    var entry = try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as! [String: Any]
    entry["md5Checksum"] = Data(Insecure.MD5.hash(data: bytes)).base64EncodedString()
    entry["itemCount"] = lines.count
    let text = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes])
    try (text + Data("\n".utf8)).write(to: manifest)
    try Data((Data(Insecure.MD5.hash(data: text + Data("\n".utf8))).base64EncodedString() + "\n").utf8)
      .write(to: exportFolder.appendingPathComponent("manifest-files.md5"))
    let summaryURL = exportFolder.appendingPathComponent("manifest-summary.json")
    var summary = try JSONSerialization.jsonObject(with: Data(contentsOf: summaryURL)) as! [String: Any]
    summary["itemCount"] = lines.count
    let summaryData = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .withoutEscapingSlashes])
    try summaryData.write(to: summaryURL)
    try Data((Data(Insecure.MD5.hash(data: summaryData)).base64EncodedString() + "\n").utf8)
      .write(to: exportFolder.appendingPathComponent("manifest-summary.md5"))
  }
}
