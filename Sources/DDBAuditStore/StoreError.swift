import DDBSQLite

/// A failure inside SQLite while ddbaudit used the store at `path`. Its description says what
/// failed; `verboseDescription` adds the SQL statement (never the bound values).
package struct StoreError: Error, CustomStringConvertible, Sendable {
  package var path: String
  package var underlying: SQLiteError

  package var description: String { "\(path): \(underlying.summary)" }
  package var verboseDescription: String { "\(path): \(underlying)" }
}
