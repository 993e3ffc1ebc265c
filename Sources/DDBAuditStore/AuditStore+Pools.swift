import DDBSQLite
import DDBAuditModel

/// One version of a pool user and when it was in force: from `validFrom` up to, not
/// including, `validTo` (nil: still in the newest snapshot).
package struct PoolVersion: Sendable {
  package var user: PoolUser
  package var validFrom: Int64
  package var validTo: Int64?

  /// Whether the version was in force at `time`.
  package func holds(at time: Int64) -> Bool { validFrom <= time && validTo.map { time < $0 } ?? true }
}

/// One snapshot of a user pool, as `pool_snapshots` records it.
package struct PoolSnapshot: Sendable {
  package var pool: String
  package var identity: String
  package var time: Int64
  package var users: Int64
  package var source: String
}

extension AuditStore {
  /// Every snapshot of every pool, oldest first.
  package func poolSnapshots() throws -> [PoolSnapshot] {
    try run {
      let s = try db.prepare("SELECT pool_id, identity, snapshot_time, users, source FROM pool_snapshots ORDER BY pool_id, snapshot_time")
      var out: [PoolSnapshot] = []
      while try s.step() { out.append(PoolSnapshot(pool: s.text(0), identity: s.text(1), time: s.int(2), users: s.int(3), source: s.text(4))) }
      return out
    }
  }

  /// A reader of one pool's user versions, with its statements prepared once.
  package func poolReader(pool: String) throws -> PoolReader { try run { try PoolReader(store: self, pool: pool) } }
}

/// Reads one pool's user versions: by actor (the indexed join), or every user in force
/// during a period.
package final class PoolReader {
  let store: AuditStore
  package let pool: String
  private let bySub: Statement
  private let byUsername: Statement

  init(store: AuditStore, pool: String) throws {
    self.store = store
    self.pool = pool
    bySub = try store.db.prepare("SELECT user, valid_from, valid_to FROM pool_users WHERE pool_id = ? AND sub = ? ORDER BY valid_from, id")
    byUsername = try store.db.prepare(
      "SELECT user, valid_from, valid_to FROM pool_users WHERE pool_id = ? AND username = ? ORDER BY valid_from, id")
  }

  /// The versions of the user `actor` names, oldest first: by `sub`, by `Username`, or by
  /// `sub` and then, when none has it, by `Username`.
  package func versions(actor: String, matches: TableProfile.Actor.Match) throws -> [PoolVersion] {
    try store.run {
      switch matches {
      case .sub: return try read(bySub, actor)
      case .username: return try read(byUsername, actor)
      case .either:
        let found = try read(bySub, actor)
        return found.isEmpty ? try read(byUsername, actor) : found
      }
    }
  }

  /// Calls `body` with the versions of each user in force at some time in [from, to), in
  /// username order (bytes of UTF-8), oldest version first.
  package func forEachUser(from: Int64?, to: Int64?, _ body: ([PoolVersion]) throws -> Void) throws {
    try store.run {
      let s = try store.db.prepare(
        """
        SELECT username, user, valid_from, valid_to FROM pool_users
        WHERE pool_id = ? AND (?2 IS NULL OR valid_from < ?2) AND (?3 IS NULL OR valid_to IS NULL OR valid_to > ?3)
        ORDER BY username, valid_from, id
        """)
      try s.bind([.text(pool), to.map(SQLValue.int) ?? .null, from.map(SQLValue.int) ?? .null])
      var pending: (String, [PoolVersion])? = nil
      while try s.step() {
        let name = s.text(0)
        let version = try self.version(s, 1)
        if let current = pending, current.0.utf8.elementsEqual(name.utf8) {
          pending!.1.append(version)
        } else {
          if let current = pending { try body(current.1) }
          pending = (name, [version])
        }
      }
      if let current = pending { try body(current.1) }
    }
  }

  private func read(_ s: Statement, _ actor: String) throws -> [PoolVersion] {
    try s.reset()
    try s.bind([.text(pool), .text(actor)])
    var out: [PoolVersion] = []
    while try s.step() { out.append(try version(s, 0)) }
    return out
  }

  private func version(_ s: Statement, _ first: Int32) throws -> PoolVersion {
    guard let json = try? JSONValue.parse(s.utf8(first)), let user = PoolUser(json: json) else {
      throw DDBAuditError.corruptStore(path: store.path, message: "a pool_users row of pool \(pool) is not a user's JSON")
    }
    return PoolVersion(user: user, validFrom: s.int(first + 1), validTo: s.optionalInt(first + 2))
  }
}
