import Foundation

/// Output formats of `ddbaudit query`.
package enum QueryFormat: String, Sendable, CaseIterable {
  case csv, json, jsonl, xlsx
}
