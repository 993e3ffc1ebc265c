import Foundation

/// A fresh directory under the system temp folder, removed when the value is released.
package final class TemporaryDirectory: @unchecked Sendable {
  package let url: URL
  package var path: String { url.path }

  package init(_ label: String = "ddbaudit-test") {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  package func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  deinit { try? FileManager.default.removeItem(at: url) }
}
