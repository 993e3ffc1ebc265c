import Foundation
import DDBAuditModel

/// Locations inside the repository, found from this source file so tests run from any directory.
package enum RepoPaths {
  package static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  package static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
  package static var samples: URL { root.appendingPathComponent("Samples") }
  package static var reports: URL { root.appendingPathComponent("Reports") }
  /// The repository's copy of the hash chain spec and its vectors (`docs/spec/`).
  package static var spec: URL { root.appendingPathComponent("docs/spec") }
}

/// Reads a JSON Lines file into dictionaries.
package func readJSONLines(_ url: URL) throws -> [[String: Any]] {
  let text = try String(contentsOf: url, encoding: .utf8)
  return try text.split(separator: "\n").map {
    try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
  }
}

extension DDBAuditError {
  /// Whether this is input the user must fix (`file:line: what`), which the CLI exits 2 for.
  package var isBadInput: Bool {
    if case .badInput = self { return true }
    return false
  }

  /// Whether this is a command-line mistake, which the CLI exits 64 for.
  package var isUsage: Bool {
    if case .usage = self { return true }
    return false
  }
}
