import DDBAuditModel

/// What retention looks at in one item.
package struct RetentionSubject: Sendable {
  /// The TTL attribute's value, as stored.
  package var ttl: AttributeValue?
  /// The record time (ms), from the profile's time source.
  package var recordTime: Int64?
  /// For API keys: the status and the stored key hash.
  package var status: AttributeValue?
  package var keyHash: AttributeValue?

  package init(ttl: AttributeValue?, recordTime: Int64?, status: AttributeValue? = nil, keyHash: AttributeValue? = nil) {
    self.ttl = ttl
    self.recordTime = recordTime
    self.status = status
    self.keyHash = keyHash
  }
}
