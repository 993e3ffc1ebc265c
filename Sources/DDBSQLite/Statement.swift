internal import CSQLite

/// A prepared statement, finalized when released.
package final class Statement {
  let handle: OpaquePointer
  /// The SQL this statement was prepared from.
  package let sql: String
  private unowned let connection: Connection

  init(connection: Connection, sql: String) throws {
    var stmt: OpaquePointer?
    let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &stmt, nil)
    guard rc == SQLITE_OK, let stmt else {
      throw SQLiteError(
        code: sqlite3_extended_errcode(connection.handle), message: connection.lastErrorMessage, sql: sql)
    }
    self.handle = stmt
    self.sql = sql
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  /// Resets the statement so it can run again, and clears its bindings.
  package func reset() throws {
    // sqlite3_reset repeats the error of the last step; that error was already thrown there.
    _ = sqlite3_reset(handle)
    try check(sqlite3_clear_bindings(handle))
  }

  /// Binds values to parameters 1...n.
  package func bind(_ values: [SQLValue]) throws {
    for (offset, value) in values.enumerated() {
      try bind(value, at: Int32(offset + 1))
    }
  }

  /// Binds one value to the 1-based parameter `index`.
  package func bind(_ value: SQLValue, at index: Int32) throws {
    switch value {
    case .null: try check(sqlite3_bind_null(handle, index))
    case .int(let v): try check(sqlite3_bind_int64(handle, index, v))
    case .double(let v): try check(sqlite3_bind_double(handle, index, v))
    case .text(let v): try bindText(v, at: index)
    case .blob(let v):
      try v.withUnsafeBytes { raw in
        try check(ddb_sqlite3_bind_blob_transient(handle, index, raw.baseAddress, sqlite3_uint64(raw.count)))
      }
    }
  }

  package func bindText(_ text: String, at index: Int32) throws {
    var text = text
    try text.withUTF8 { utf8 in
      try check(
        ddb_sqlite3_bind_text_transient(
          handle, index, UnsafeRawPointer(utf8.baseAddress)?.assumingMemoryBound(to: CChar.self),
          sqlite3_uint64(utf8.count)))
    }
  }

  /// Binds UTF-8 bytes as TEXT without building a `String`.
  package func bindText(utf8 bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
    guard let base = bytes.baseAddress, bytes.count > 0 else {
      try bindText("", at: index)
      return
    }
    try check(
      ddb_sqlite3_bind_text_transient(
        handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count)))
  }

  /// Binds UTF-8 bytes as TEXT that SQLite reads in place, without copying them.
  ///
  /// The bytes must stay valid until the statement has run: bind and `run()` inside the
  /// closure that lends them, and bind the parameter again before the next run.
  package func bindText(borrowing bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
    guard let base = bytes.baseAddress, bytes.count > 0 else {
      try bindText("", at: index)
      return
    }
    // SQLITE_STATIC: SQLite neither copies nor frees the bytes.
    try check(
      ddb_sqlite3_bind_text_static(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count)))
  }

  package func bindInt(_ value: Int64?, at index: Int32) throws {
    if let value { try check(sqlite3_bind_int64(handle, index, value)) } else {
      try check(sqlite3_bind_null(handle, index))
    }
  }

  /// Advances to the next row. Returns false when the statement is done.
  @discardableResult
  package func step() throws -> Bool {
    let rc = sqlite3_step(handle)
    switch rc {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      throw SQLiteError(
        code: sqlite3_extended_errcode(connection.handle), message: connection.lastErrorMessage, sql: sql)
    }
  }

  /// Runs a statement that returns no rows, then resets it for reuse.
  package func run() throws {
    defer { _ = sqlite3_reset(handle) }
    while try step() {}
  }

  package var columnCount: Int32 { sqlite3_column_count(handle) }
  package func columnName(_ i: Int32) -> String { String(cString: sqlite3_column_name(handle, i)) }
  package func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
  package func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
  package func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
  package func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
  package func text(_ i: Int32) -> String {
    guard let p = sqlite3_column_text(handle, i) else { return "" }
    let n = Int(sqlite3_column_bytes(handle, i))
    return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
  }
  package func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
  /// Calls `body` with the bytes of text column `i` in place (valid only inside `body`).
  package func withUTF8<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    let p = sqlite3_column_text(handle, i)
    return try body(UnsafeBufferPointer(start: p, count: p == nil ? 0 : Int(sqlite3_column_bytes(handle, i))))
  }

  /// The UTF-8 bytes of text column `i`, without building a String.
  package func utf8(_ i: Int32) -> [UInt8] {
    guard let p = sqlite3_column_text(handle, i) else { return [] }
    return Array(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))))
  }

  /// The value of column `i` in the current row.
  package func value(_ i: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, i) {
    case SQLITE_INTEGER: return .int(int(i))
    case SQLITE_FLOAT: return .double(double(i))
    case SQLITE_TEXT: return .text(text(i))
    case SQLITE_BLOB:
      let n = Int(sqlite3_column_bytes(handle, i))
      guard let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default: return .null
    }
  }

  private func check(_ rc: Int32) throws {
    if rc != SQLITE_OK {
      throw SQLiteError(
        code: sqlite3_extended_errcode(connection.handle), message: connection.lastErrorMessage, sql: sql)
    }
  }
}

@available(*, unavailable)
extension Statement: Sendable {}
