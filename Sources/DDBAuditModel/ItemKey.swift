/// The key of an item, as its partition and sort key attribute names and values.
package struct ItemKey: Sendable, Hashable {
  package var partitionKey: String
  package var pk: String
  package var sortKey: String?
  package var sk: String?
  package init(partitionKey: String, pk: String, sortKey: String?, sk: String?) {
    self.partitionKey = partitionKey
    self.pk = pk
    self.sortKey = sortKey
    self.sk = sk
  }
  /// `user_id=u-1 timestamp#log_id=2026-…#l-1`
  package var text: String {
    var out = "\(partitionKey)=\(pk)"
    if let sortKey, let sk { out += " \(sortKey)=\(sk)" }
    return out
  }
}
