internal import CSQLite

/// An error returned by SQLite, with the statement that caused it.
///
/// Bound values are never included: the store holds audit data.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
  /// The extended SQLite result code.
  public let code: Int32
  /// SQLite's message for the error.
  public let message: String
  /// The SQL being prepared or run, if any.
  public let sql: String?

  public init(code: Int32, message: String, sql: String? = nil) {
    self.code = code
    self.message = message
    self.sql = sql
  }

  public var description: String {
    var text = "SQLite error \(code): \(message)"
    if let sql { text += " - while executing `\(sql)`" }
    return text
  }
}
