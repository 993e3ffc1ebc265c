import Foundation
import DDBAuditModel

/// One import as the store records it.
package struct ImportRecord: Sendable, Equatable, Codable {
  package var id: Int64
  package var identity: String
  package var kind: ImportKind
  package var table: String
  /// The point in time the import reflects: the export time, or the end of its window.
  package var exportTime: Int64?
  package var verified: Bool
  package var itemCount: Int64
  package var newVersions: Int64
}
