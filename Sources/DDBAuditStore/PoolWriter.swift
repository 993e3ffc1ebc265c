import DDBSQLite
import DDBAuditModel

/// What one import of a user pool snapshot did.
package struct PoolImportRecord: Sendable {
  package var pool: String
  package var identity: String
  package var snapshotTime: Int64
  package var users: Int64
  /// Users new to the pool, users whose version changed, and users no longer in it.
  package var added: Int64
  package var changed: Int64
  package var removed: Int64
  package var alreadyImported = false

  package init(
    pool: String, identity: String, snapshotTime: Int64, users: Int64, added: Int64, changed: Int64, removed: Int64,
    alreadyImported: Bool = false
  ) {
    self.pool = pool
    self.identity = identity
    self.snapshotTime = snapshotTime
    self.users = users
    self.added = added
    self.changed = changed
    self.removed = removed
    self.alreadyImported = alreadyImported
  }
}

/// Writes one snapshot of a Cognito user pool: users are staged one by one in a temporary
/// table (memory does not grow with the pool), then compared with the versions in force,
/// so that only what changed is written. See docs/access-review.md, "History".
package final class PoolWriter {
  let store: AuditStore
  let pool: String
  let source: String
  private let stageUser: Statement
  private let stagedBody: Statement
  private let stageGroup: Statement
  private(set) var staged: Int64 = 0

  init(store: AuditStore, pool: String, source: String) throws {
    self.store = store
    self.pool = pool
    self.source = source
    try store.db.execute(
      """
      DROP TABLE IF EXISTS temp.staged_users;
      DROP TABLE IF EXISTS temp.staged_groups;
      CREATE TEMP TABLE staged_users (username TEXT PRIMARY KEY, user TEXT NOT NULL) WITHOUT ROWID;
      CREATE TEMP TABLE staged_groups (username TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (username, name)) WITHOUT ROWID;
      """)
    stageUser = try store.db.prepare("INSERT INTO temp.staged_users (username, user) VALUES (?, ?) ON CONFLICT DO NOTHING")
    stagedBody = try store.db.prepare("SELECT user FROM temp.staged_users WHERE username = ?")
    stageGroup = try store.db.prepare("INSERT INTO temp.staged_groups (username, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
  }

  /// Stages one user. The same user twice (an `admin-get-user` file beside `list-users`
  /// output) is fine when both say the same; otherwise it is bad input at `path`:`line`.
  package func stage(_ user: PoolUser, path: String, line: Int) throws {
    let body = user.json.text()
    try store.run {
      try stageUser.reset()
      try stageUser.bind([.text(user.username), .text(body)])
      try stageUser.run()
      if store.db.changes == 0 {
        try stagedBody.reset()
        try stagedBody.bind([.text(user.username)])
        if try stagedBody.step(), !stagedBody.utf8(0).elementsEqual(body.utf8) {
          throw DDBAuditError.badInput(
            path: path, line: line, message: "user \"\(user.username)\" appears twice in the snapshot, with different attributes")
        }
        return
      }
      staged += 1
    }
  }

  /// Whether a user of that name is staged.
  package func isStaged(_ username: String) throws -> Bool {
    try store.run {
      try stagedBody.reset()
      try stagedBody.bind([.text(username)])
      return try stagedBody.step()
    }
  }

  /// Stages a membership: `username` is in group `name`.
  package func stageMembership(username: String, group name: String) throws {
    try store.run {
      try stageGroup.reset()
      try stageGroup.bind([.text(username), .text(name)])
      try stageGroup.run()
    }
  }

  /// Writes the snapshot: a version for each staged user that is new or changed, and the
  /// end of the version of each user the snapshot no longer has.
  func finish(identity: String, snapshotTime: Int64, groups: JSONValue, now: Int64) throws -> PoolImportRecord {
    let db = store.db
    let previous = try db.scalarInt("SELECT max(snapshot_time) FROM pool_snapshots WHERE pool_id = ?", [.text(pool)])
    if let previous, previous >= snapshotTime {
      throw DDBAuditError.badInput(
        path: source, line: nil,
        message: "this snapshot of pool \(pool) is dated \(Timestamp.iso8601(milliseconds: snapshotTime)), not after the newest one the "
          + "store has (\(Timestamp.iso8601(milliseconds: previous))); import snapshots oldest first, or pass --snapshot-time")
    }
    let insert = try db.prepare(
      "INSERT INTO pool_snapshots (pool_id, identity, snapshot_time, imported_at, source, users, groups) VALUES (?, ?, ?, ?, ?, ?, ?)")
    try insert.bind([.text(pool), .text(identity), .int(snapshotTime), .int(now), .text(source), .int(staged), .text(groups.text())])
    try insert.run()
    let snapshot = db.lastInsertRowID

    var record = PoolImportRecord(pool: pool, identity: identity, snapshotTime: snapshotTime, users: staged, added: 0, changed: 0, removed: 0)
    let users = try db.prepare("SELECT username, user FROM temp.staged_users ORDER BY username")
    let groupsOf = try db.prepare("SELECT name FROM temp.staged_groups WHERE username = ?")
    let current = try db.prepare("SELECT id, user, valid_from FROM pool_users WHERE pool_id = ? AND username = ? AND to_snapshot IS NULL")
    let close = try db.prepare("UPDATE pool_users SET to_snapshot = ?, valid_to = ? WHERE id = ?")
    let add = try db.prepare(
      "INSERT INTO pool_users (pool_id, username, sub, user, valid_from, from_snapshot) VALUES (?, ?, ?, ?, ?, ?)")
    while try users.step() {
      let username = users.text(0)
      guard let parsed = try? JSONValue.parse(users.utf8(1)), var user = PoolUser(json: parsed) else {
        throw DDBAuditError.internalInvariant("a staged user of \(source) does not read back")
      }
      try groupsOf.reset()
      try groupsOf.bind([.text(username)])
      while try groupsOf.step() { user.addGroup(groupsOf.text(0)) }
      let body = user.json.text()
      try current.reset()
      try current.bind([.text(pool), .text(username)])
      var from = user.created.map { min($0, snapshotTime) } ?? snapshotTime
      if try current.step() {
        if current.utf8(1).elementsEqual(body.utf8) { continue }
        // The change happened after the last snapshot and by this one: at UserLastModifiedDate
        // when it lies between them, else (unknown) at this snapshot's time.
        from = snapshotTime
        if let modified = user.modified, let previous, modified > previous, modified <= snapshotTime { from = modified }
        from = max(from, current.int(2))
        try close.reset()
        try close.bind([.int(snapshot), .int(from), .int(current.int(0))])
        try close.run()
        record.changed += 1
      } else {
        record.added += 1
      }
      try add.reset()
      try add.bind([.text(pool), .text(username), user.sub.map(SQLValue.text) ?? .null, .text(body), .int(from), .int(snapshot)])
      try add.run()
    }
    // Users the snapshot no longer has: in force until this snapshot, the first that lacks them.
    let gone = try db.prepare(
      """
      UPDATE pool_users SET to_snapshot = ?, valid_to = ?
      WHERE pool_id = ? AND to_snapshot IS NULL AND from_snapshot <> ?
        AND username NOT IN (SELECT username FROM temp.staged_users)
      """)
    try gone.bind([.int(snapshot), .int(snapshotTime), .text(pool), .int(snapshot)])
    try gone.run()
    record.removed = db.changes
    // The staging tables go with the connection (temporary tables are never written to the store).
    return record
  }
}

extension AuditStore {
  /// Whether the store already holds the snapshot of `pool` whose files hash to `identity`.
  package func hasPoolSnapshot(pool: String, identity: String) throws -> Bool {
    try run { try db.scalarInt("SELECT count(*) FROM pool_snapshots WHERE pool_id = ? AND identity = ?", [.text(pool), .text(identity)]) ?? 0 > 0 }
  }

  /// Writes one snapshot of `pool`: `body` stages its users and returns the snapshot's time
  /// (known once every user is read) and the pool's groups. Run it inside `transaction`.
  package func writePoolSnapshot(
    pool: String, identity: String, source: String, _ body: (PoolWriter) throws -> (snapshotTime: Int64, groups: JSONValue)
  ) throws -> PoolImportRecord {
    try run {
      let writer = try PoolWriter(store: self, pool: pool, source: source)
      let (time, groups) = try body(writer)
      return try writer.finish(identity: identity, snapshotTime: time, groups: groups, now: Timestamp.now())
    }
  }
}
