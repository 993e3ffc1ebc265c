import Crypto
import Foundation
import DDBAuditModel

/// Finds the S3 exports at or below a path given on the command line.
package enum ExportLocator {
  /// `path` may be an export folder, its `manifest-summary.json`, or any folder above exports.
  /// Data folders are never listed. Exports come back ordered by their point in time.
  package static func exports(at path: String) throws -> [URL] {
    let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw DDBAuditError.io(path: path, message: "no such file or folder")
    }
    if !isDirectory.boolValue {
      guard url.lastPathComponent == "manifest-summary.json" else {
        throw DDBAuditError.usage("\(path): not an export folder or manifest-summary.json")
      }
      return [url.deletingLastPathComponent()]
    }
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest-summary.json").path) {
      return [url]
    }
    var found: [URL] = []
    var queue = [url]
    while let dir = queue.popLast() {
      let entries = (try? FileManager.default.contentsOfDirectory(
        at: dir, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
      for entry in entries {
        guard (try? entry.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true else { continue }
        if entry.lastPathComponent == "data" { continue }  // never list data folders
        if FileManager.default.fileExists(atPath: entry.appendingPathComponent("manifest-summary.json").path) {
          found.append(entry)
        } else {
          queue.append(entry)
        }
      }
    }
    return found.sorted { $0.path < $1.path }
  }
}
