import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

extension Importer {
  /// Whether `paths` hold a Cognito user pool rather than table data: `--input-format
  /// cognito`, or detected (a snapshot folder with `users.json`, or Cognito output). A pool
  /// is imported on its own, never together with tables.
  package static func holdsUserPool(_ paths: [String], format: ImportFormat?) throws -> Bool {
    var pools = 0
    for path in paths where try (format ?? SourceReader.detect(path)) == .cognito { pools += 1 }
    if pools > 0 && pools < paths.count {
      throw DDBAuditError.usage("a user pool is imported on its own: give its snapshot (folder or files) without table exports")
    }
    return pools > 0
  }

  /// Imports one snapshot of a user pool from `paths` (a snapshot folder, or files), in one
  /// transaction: every user lands, or (on bad input) the store is left as it was.
  package func importPool(_ paths: [String]) throws -> PoolImportRecord {
    var files = CognitoFiles()
    for path in paths {
      let found = try CognitoFiles.at(path)
      files.users += found.users
      files.groups += found.groups
      files.memberships += found.memberships
    }
    guard !files.users.isEmpty else {
      throw DDBAuditError.badInput(path: paths.joined(separator: " "), line: nil, message: "no list-users or admin-get-user output")
    }
    // The pool's groups come first: they name the pool.
    var groups: [(name: String, json: JSONValue)] = []
    var named = Set<String>()
    for path in files.groups {
      for group in try CognitoReader.groups(path: path) {
        if let pool = group.pool { named.insert(pool) }
        if !groups.contains(where: { $0.name.utf8.elementsEqual(group.name.utf8) }) { groups.append((group.name, group.json)) }
      }
    }
    var memberships: [(username: String, groups: [String], path: String)] = []
    for (username, path) in files.memberships {
      let found = try CognitoReader.groups(path: path)
      for group in found { if let pool = group.pool { named.insert(pool) } }
      memberships.append((username, found.map(\.name), path))
    }
    let source = paths.joined(separator: " ")
    let pool = try poolID(named: named, source: source)
    let identity = try SourceReader.contentIdentity(files.all)
    return try store.transaction {
      if try store.hasPoolSnapshot(pool: pool, identity: identity) {
        return PoolImportRecord(
          pool: pool, identity: identity, snapshotTime: 0, users: 0, added: 0, changed: 0, removed: 0, alreadyImported: true)
      }
      return try store.writePoolSnapshot(pool: pool, identity: identity, source: source) { writer in
        var latest: Int64? = nil
        for path in files.users {
          try CognitoReader.forEachUser(path: path) { user, line in
            for date in [user.created, user.modified].compactMap({ $0 }) { latest = max(latest ?? date, date) }
            try writer.stage(user, path: path, line: line)
          }
        }
        for (username, names, path) in memberships {
          guard try writer.isStaged(username) else {
            throw DDBAuditError.badInput(
              path: path, line: nil, message: "the groups of user \"\(username)\", who is not among the snapshot's users")
          }
          for name in names { try writer.stageMembership(username: username, group: name) }
        }
        let now = Timestamp.now()
        let time = options.snapshotTime ?? latest ?? now
        if Timestamp.isInTheFuture(time, now: now) {
          throw DDBAuditError.badInput(
            path: source, line: nil,
            message: "the snapshot is dated \(Timestamp.iso8601(milliseconds: time)), after now: pass --snapshot-time with when it was taken")
        }
        let sorted = groups.sorted { UTF16Order.less($0.name, $1.name) }
        return (time, .array(sorted.map(\.json)))
      }
    }
  }

  /// The pool id: `--user-pool`, or the one the groups files name; they must agree.
  private func poolID(named: Set<String>, source: String) throws -> String {
    if named.count > 1 {
      throw DDBAuditError.badInput(path: source, line: nil, message: "the groups name more than one user pool: \(named.sorted().joined(separator: ", "))")
    }
    if let given = options.userPool {
      if let found = named.first, !found.utf8.elementsEqual(given.utf8) {
        throw DDBAuditError.badInput(path: source, line: nil, message: "the groups belong to user pool \(found), not --user-pool \(given)")
      }
      return given
    }
    guard let found = named.first else {
      throw DDBAuditError.usage("\(source): list-users output does not name its user pool; pass --user-pool ID (such as us-east-1_AbC123xyZ)")
    }
    return found
  }
}
