import DDBSQLite
import DDBAuditModel

/// A MODIFY, or a REMOVE that was not DynamoDB's TTL, recorded from an incremental export or
/// a stream.
package struct ChangeEventRow: Sendable {
  package var pk: String
  package var sk: String
  package var event: ChangeEvent
  package var at: Int64?
  package var eventID: String?
  package var source: String
  package var line: Int64?
  package var chainID: String?
  package var seq: Int64?
}
