import Foundation
import DDBAuditStore

/// What a table's verification rested on, for report headers.
package struct VerifiedTable: Sendable, Equatable {
  package var name: String
  package var profile: String
  package var chained: Bool
  /// The import judged as the table's current state, and the one before it.
  package var latest: ImportPoint?
  package var previousFull: ImportPoint?
  package var imports: Int
}
