import DDBAuditModel

/// One change as a source file states it.
package struct SourceChange: Sendable {
  package var event: ChangeEvent
  package var keys: Item
  package var newImage: Item?
  package var oldImage: Item?
  /// ms.
  package var at: Int64?
  package var eventID: String?
  package var ttlDeletion: Bool
  package var line: Int
  package var tableName: String?
  /// The stream record's `SequenceNumber` (decimal digits), the order of writes within a shard.
  package var sequence: [UInt8]? = nil

  package init(event: ChangeEvent, keys: Item, newImage: Item? = nil, oldImage: Item? = nil, at: Int64? = nil, eventID: String? = nil, ttlDeletion: Bool, line: Int, tableName: String? = nil, sequence: [UInt8]? = nil) {
    self.event = event
    self.keys = keys
    self.newImage = newImage
    self.oldImage = oldImage
    self.at = at
    self.eventID = eventID
    self.ttlDeletion = ttlDeletion
    self.line = line
    self.tableName = tableName
    self.sequence = sequence
  }
}
