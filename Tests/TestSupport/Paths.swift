import Foundation

/// Locations inside the repository, found from this source file so tests run from any directory.
public enum RepoPaths {
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
  public static var samples: URL { root.appendingPathComponent("Samples") }
  public static var reports: URL { root.appendingPathComponent("Reports") }
  /// The repository's copy of the hash chain spec and its vectors (`docs/spec/`).
  public static var spec: URL { root.appendingPathComponent("docs/spec") }
}

/// A fresh directory under the system temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  public let url: URL
  public var path: String { url.path }

  public init(_ label: String = "ddbaudit-test") {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// Reads a JSON Lines file into dictionaries.
public func readJSONLines(_ url: URL) throws -> [[String: Any]] {
  let text = try String(contentsOf: url, encoding: .utf8)
  return try text.split(separator: "\n").map {
    try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
  }
}
