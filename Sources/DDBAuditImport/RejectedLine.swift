import Foundation

/// A line the importer refused, for `--rejects`.
struct RejectedLine: Sendable {
  var path: String
  var line: Int
  var reason: String
  var text: String
}
