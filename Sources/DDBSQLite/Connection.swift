internal import CSQLite

/// An owned connection to one SQLite database file.
///
/// The connection is closed when the object is released. It is not `Sendable`:
/// use it from the thread that created it.
package final class Connection {
  /// How to open the database.
  package enum Mode: Sendable {
    case readOnly
    case readWrite
    case readWriteCreate
  }

  let handle: OpaquePointer
  /// The path this connection was opened on.
  package let path: String

  /// The version of the SQLite library in use, such as "3.40.1".
  package static var libraryVersion: String { String(cString: sqlite3_libversion()) }

  /// Configures the library once, before its first use: no memory statistics (a global
  /// mutex on every allocation that nothing reads). A code other than SQLITE_OK (MISUSE: the
  /// process initialised SQLite first) leaves the statistics on, which is only slower.
  private static let configured: Bool = ddb_sqlite3_disable_memstatus() == SQLITE_OK

  package init(path: String, mode: Mode = .readWriteCreate) throws {
    _ = Self.configured
    var db: OpaquePointer?
    let flags: Int32
    switch mode {
    case .readOnly: flags = SQLITE_OPEN_READONLY
    case .readWrite: flags = SQLITE_OPEN_READWRITE
    case .readWriteCreate: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    }
    let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
      if let db { sqlite3_close_v2(db) }
      throw SQLiteError(code: rc, message: "cannot open \(path): \(message)")
    }
    handle = db
    self.path = path
    sqlite3_extended_result_codes(db, 1)
  }

  deinit {
    sqlite3_close_v2(handle)
  }

  /// Runs one or more SQL statements that return no rows.
  package func execute(_ sql: String) throws {
    var errmsg: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
    if rc != SQLITE_OK {
      let message = errmsg.map { String(cString: $0) } ?? lastErrorMessage
      sqlite3_free(errmsg)
      throw SQLiteError(code: rc, message: message, sql: sql)
    }
  }

  /// Prepares a new statement. The statement is finalized when released.
  package func prepare(_ sql: String) throws -> Statement {
    try Statement(connection: self, sql: sql)
  }

  /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
  package func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
    try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      // A failed COMMIT or an error inside body: leave the database as it was.
      if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
      throw error
    }
  }

  /// Whether a transaction is open on this connection.
  package var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

  /// The rowid of the most recent successful INSERT on this connection.
  package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// The rows the most recent INSERT, UPDATE or DELETE on this connection changed.
  package var changes: Int64 { Int64(sqlite3_changes(handle)) }

  /// Milliseconds to wait for another connection's lock before failing with SQLITE_BUSY.
  package func setBusyTimeout(milliseconds: Int32) throws {
    try check(sqlite3_busy_timeout(handle, milliseconds), sql: nil)
  }

  /// Runs a query and returns the first column of its first row, if any.
  package func scalarInt(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int64? {
    let statement = try prepare(sql)
    try statement.bind(bindings)
    return try statement.step() ? statement.isNull(0) ? nil : statement.int(0) : nil
  }

  var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

  func check(_ rc: Int32, sql: String?) throws {
    if rc != SQLITE_OK {
      throw SQLiteError(code: sqlite3_extended_errcode(handle), message: lastErrorMessage, sql: sql)
    }
  }
}

@available(*, unavailable)
extension Connection: Sendable {}
