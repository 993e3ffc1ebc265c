internal import CSQLite

/// An error returned by SQLite, with the statement that caused it.
///
/// Bound values are never included: the store holds audit data.
package struct SQLiteError: Error, CustomStringConvertible, Sendable {
  /// The extended SQLite result code.
  package let code: Int32
  /// SQLite's message for the error.
  package let message: String
  /// The SQL being prepared or run, if any.
  package let sql: String?

  package init(code: Int32, message: String, sql: String? = nil) {
    self.code = code
    self.message = message
    self.sql = sql
  }

  /// The error with the statement: for `--verbose` and developers.
  package var description: String {
    var text = "SQLite error \(code): \(message)"
    if let sql { text += " - while executing `\(sql)`" }
    return text
  }

  /// What happened, in words a user can act on, without the statement.
  package var summary: String {
    let words: String
    switch code & 0xFF {
    case 5, 6: words = "the store is locked by another process; try again when it has finished"
    case 7: words = "SQLite ran out of memory"
    case 8: words = "the store cannot be written (its file or folder is read-only, or it holds an unfinished transaction)"
    case 10: words = "a read or write of the store file failed (disk error)"
    case 11: words = "the store file is damaged (corrupt); restore it from a backup"
    case 13: words = "the disk is full"
    case 14: words = "the store file cannot be opened (a missing folder, or no permission)"
    case 18: words = "a value is larger than the store can hold"
    case 19: words = "a consistency rule of the store was broken"
    case 26: words = "the file is not a ddbaudit store (not an SQLite database)"
    default: words = message
    }
    return words == message ? "\(words) (SQLite error \(code))" : "\(words) (SQLite error \(code): \(message))"
  }
}
