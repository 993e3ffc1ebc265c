import DDBSQLite
import Foundation
import DDBAuditModel

/// A change ready for the store: the key, the images as stored items, and when and how.
package struct StoredChange: Sendable {
  var event: ChangeEvent
  package var pk: String
  package var sk: String
  package var newItem: StoredItem?
  package var oldItem: StoredItem?
  var at: Int64?
  var eventID: String?
  var ttlDeletion: Bool
  var line: Int

  package init(event: ChangeEvent, pk: String, sk: String, newItem: StoredItem? = nil, oldItem: StoredItem? = nil, at: Int64? = nil, eventID: String? = nil, ttlDeletion: Bool, line: Int) {
    self.event = event
    self.pk = pk
    self.sk = sk
    self.newItem = newItem
    self.oldItem = oldItem
    self.at = at
    self.eventID = eventID
    self.ttlDeletion = ttlDeletion
    self.line = line
  }
}
