import DDBAuditModel
import DDBAuditStore

extension Importer {
  /// Whether the import keeps `item`: every item without `--shard`; with it, the items whose
  /// chain (for unchained tables, whose partition key) falls in the shard.
  func keeps(_ item: StoredItem) -> Bool {
    guard let shard = options.shard else { return true }
    return shard.holds(item.chain?.chainID ?? item.pk)
  }

  /// Whether the import keeps `change`: by its image's chain; a change with no image (a
  /// REMOVE with keys only) belongs where a version of its key is, else to its partition key's shard.
  func keeps(_ change: StoredChange, writer: ImportWriter) throws -> Bool {
    guard let shard = options.shard else { return true }
    if let image = change.newItem ?? change.oldItem { return keeps(image) }
    return try writer.holdsKey(pk: change.pk, sk: change.sk) || shard.holds(change.pk)
  }
}
