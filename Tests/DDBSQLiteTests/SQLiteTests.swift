import Foundation
import Testing

@testable import DDBSQLite

@Suite struct SQLiteTests {
  func memory() throws -> Connection { try Connection(path: ":memory:") }

  @Test func errorsCarryTheSQLButNotTheValues() throws {
    let db = try memory()
    #expect {
      try db.execute("SELEC 1")
    } throws: { error in
      "\(error)".contains("while executing `SELEC 1`")
    }
    try db.execute("CREATE TABLE t (x TEXT UNIQUE)")
    let insert = try db.prepare("INSERT INTO t VALUES (?)")
    try insert.bind([.text("secret")])
    try insert.run()
    try insert.bind([.text("secret")])
    #expect {
      try insert.run()
    } throws: { error in
      let text = "\(error)"
      return text.contains("UNIQUE") && text.contains("INSERT INTO t VALUES (?)") && !text.contains("secret")
    }
  }

  @Test func aThrowingTransactionRollsBack() throws {
    let db = try memory()
    try db.execute("CREATE TABLE t (x INTEGER)")
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try db.transaction {
        try db.execute("INSERT INTO t VALUES (1)")
        throw Boom()
      }
    }
    #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
  }

  @Test func migrationsRunOnceInOrderAndRefuseUnknownOnes() throws {
    let db = try memory()
    var migrator = Migrator()
    migrator.register("one") { try $0.execute("CREATE TABLE a (x)") }
    migrator.register("two") { try $0.execute("CREATE TABLE b (x)") }
    try migrator.migrate(db)
    try migrator.migrate(db)
    #expect(try migrator.appliedMigrations(db) == ["one", "two"])
    var older = Migrator()
    older.register("one") { _ in }
    #expect(throws: SQLiteError.self) { try older.migrate(db) }
  }
}
