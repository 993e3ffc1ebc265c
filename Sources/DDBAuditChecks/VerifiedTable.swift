import Foundation
import DDBAuditStore

/// What a table's verification rested on, for report headers.
package struct VerifiedTable: Sendable, Equatable {
  package var name: String
  package var profile: String
  package var chained: Bool
  /// The import judged as the table's current state, and the one before it (of any kind;
  /// shown as `previousFull` in the JSON, for compatibility).
  package var latest: ImportPoint?
  package var previous: ImportPoint?
  package var imports: Int
}
