/// Applies named, forward-only schema migrations, each in its own transaction.
///
/// Applied names are recorded in `schema_migrations`; a migration never runs twice,
/// and a store written by a newer ddbaudit (with migrations this build does not know)
/// is refused rather than modified.
package struct Migrator: Sendable {
  package struct Migration: Sendable {
    package let name: String
    package let apply: @Sendable (Connection) throws -> Void
    package init(_ name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
      self.name = name
      self.apply = apply
    }
  }

  package private(set) var migrations: [Migration] = []
  package init() {}

  package mutating func register(_ name: String, _ apply: @escaping @Sendable (Connection) throws -> Void) {
    precondition(!migrations.contains { $0.name == name }, "duplicate migration \(name)")
    migrations.append(Migration(name, apply: apply))
  }

  /// Names of the migrations already applied to `db`, in order. With `createTable: false`
  /// (for read-only connections) a database without the bookkeeping table has applied none.
  package func appliedMigrations(_ db: Connection, createTable: Bool = true) throws -> [String] {
    if createTable {
      try db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
      )
    } else if try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'") != 1 {
      return []
    }
    let statement = try db.prepare("SELECT name FROM schema_migrations ORDER BY rowid")
    var names: [String] = []
    while try statement.step() { names.append(statement.text(0)) }
    return names
  }

  /// Applies every migration not yet applied. Throws if the database knows a migration we don't.
  package func migrate(_ db: Connection) throws {
    let applied = try appliedMigrations(db)
    let known = Set(migrations.map(\.name))
    if let unknown = applied.first(where: { !known.contains($0) }) {
      throw SQLiteError(
        code: 1, message: "the store was written by a newer ddbaudit (unknown migration \"\(unknown)\")")
    }
    for migration in migrations where !applied.contains(migration.name) {
      try db.transaction {
        try migration.apply(db)
        let insert = try db.prepare("INSERT INTO schema_migrations(name) VALUES (?)")
        try insert.bind([.text(migration.name)])
        try insert.run()
      }
    }
  }
}
