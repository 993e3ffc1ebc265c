/// A write seen in an incremental export or a stream.
package enum ChangeEvent: String, Sendable {
  case insert = "INSERT", modify = "MODIFY", remove = "REMOVE"
  /// An incremental export's new image: an INSERT or a MODIFY, depending on what the store held.
  case upsert = "UPSERT"
}
