import DDBSQLite
import Foundation
import DDBAuditModel

/// The embedded SQLite store that every command reads and `import` writes.
///
/// It keeps history: each distinct version of an item is one row of `items`, and its
/// validity spans (`spans`) say which imports' states hold it. Nothing is overwritten.
/// See docs/store.md for the schema.
package final class AuditStore {
  let db: Connection
  /// The store's file path.
  package let path: String

  /// Opens (and, unless `readOnly`, creates and migrates) the store at `path`.
  package init(path: String, readOnly: Bool = false) throws {
    self.path = path
    if readOnly && !FileManager.default.fileExists(atPath: path) {
      throw DDBAuditError.nothingToCheck(path: path, message: "no store here; run `ddbaudit import PATH` first, or pass --db FILE (or set DDBAUDIT_DB)")
    }
    if readOnly { try Self.rollBackHotJournal(path: path) }
    do {
      db = try Connection(path: path, mode: readOnly ? .readOnly : .readWriteCreate)
      try db.setBusyTimeout(milliseconds: 10_000)
      try db.execute(
        """
        -- Page size first: a cache size in KiB is turned into pages at the page size of the
        -- moment. 4 KiB pages (SQLite's default): a nightly import rewrites, and journals, each
        -- page its changes touch, so smaller pages write less (docs/store.md). New stores only.
        PRAGMA page_size = 4096;
        PRAGMA cache_size = -65536;
        PRAGMA synchronous = FULL;
        -- Sorts that outgrow the cache spill to a temporary file, not to memory.
        PRAGMA temp_store = DEFAULT;
        -- References are proved by tests, not re-checked per row (docs/store.md, Consistency).
        PRAGMA foreign_keys = OFF;
        """)
      if readOnly {
        let applied = try AuditStore.migrator.appliedMigrations(db, createTable: false)
        if applied.count < AuditStore.migrator.migrations.count {
          throw DDBAuditError.corruptStore(path: path, message: "the store needs an upgrade; run any writing command (import) first")
        }
      } else {
        try db.execute("PRAGMA journal_mode = DELETE")
        try AuditStore.migrator.migrate(db)
      }
    } catch let error as SQLiteError {
      throw StoreError(path: path, underlying: error)
    }
  }

  /// A process killed mid-import (kill -9, a power cut) leaves a hot journal beside the store:
  /// the pages to restore. A read-only connection may not restore them, so it could read
  /// nothing; a brief read-write connection does (SQLite rolls back on its first read), as
  /// any later writer would. Without write access, the error says what to do.
  static func rollBackHotJournal(path: String) throws {
    var info = stat()
    guard stat(path + "-journal", &info) == 0, info.st_size > 0 else { return }
    do {
      let writer = try Connection(path: path, mode: .readWrite)
      try writer.setBusyTimeout(milliseconds: 10_000)
      try writer.execute("SELECT count(*) FROM sqlite_master")
    } catch let error as SQLiteError {
      throw DDBAuditError.corruptStore(
        path: path,
        message: "the store holds an unfinished import (a hot journal, \(path)-journal, left by a process that was killed); "
          + "run any ddbaudit command with write access to the store (such as `ddbaudit import` of nothing new) to roll it back: \(error.message)")
    }
  }

  /// Opens the store at `path` for writing (creating it when missing) and runs `body` with it.
  /// When `body` throws and the store did not exist before, its file is removed again: a
  /// first import that fails leaves no store behind, so no later command mistakes an empty
  /// store for a checked one.
  package static func writing<T>(path: String, _ body: (AuditStore) throws -> T) throws -> T {
    let existed = FileManager.default.fileExists(atPath: path)
    do {
      return try body(try AuditStore(path: path, readOnly: false))
    } catch {
      if !existed { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) } }
      throw error
    }
  }

  /// Runs `body` against the store, turning SQLite errors into `StoreError`.
  func run<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as SQLiteError {
      throw StoreError(path: path, underlying: error)
    }
  }

  /// The SQLite library version, for report headers.
  package static var sqliteVersion: String { Connection.libraryVersion }
}
