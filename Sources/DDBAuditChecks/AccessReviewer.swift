import DDBAuditModel
import DDBAuditStore

/// The result of an access review: a row per user (and per unknown actor), and findings.
package struct AccessReviewResult: Sendable {
  package var pool: String
  /// Users in force during the period, users who acted in it, and unknown actors; by name
  /// (UTF-16 order).
  package var users: [ReviewedUser]
  package var findings: [Finding]
  /// Records of the period that were joined with the pool.
  package var records: Int64
}

/// Joins the audit tables' records with the Cognito user pool's versions in force at each
/// record's time, and judges users and actions by the review's rules (docs/access-review.md).
///
/// The join goes through the `pool_users` indexes on `sub` and `Username`, one lookup per
/// distinct actor (kept in a bounded cache), so it costs one pass over the records.
package final class AccessReviewer {
  let store: AuditStore
  let rules: AccessReviewRules
  let pool: String
  static let day: Int64 = 86_400_000
  /// Distinct actors whose versions are cached at once (about 150 bytes a version).
  static let cacheLimit = 262_144

  /// What the per-record checks need of one version: a small value, so that the cache of
  /// every distinct actor's versions stays small.
  struct Resolved {
    var validFrom: Int64
    var validTo: Int64?
    var username: String
    var active: Bool
    var status: String
    var email: String?
    var role: String?

    init(_ version: PoolVersion, roleAttribute: String) {
      validFrom = version.validFrom
      validTo = version.validTo
      username = version.user.username
      active = version.user.isActive
      status = version.user.statusText
      email = version.user.attribute("email")
      role = version.user.attribute(roleAttribute)
    }

    func holds(at time: Int64) -> Bool { validFrom <= time && validTo.map { time < $0 } ?? true }
  }

  /// One audit table to review, with the profile that names its actor.
  package struct Subject {
    package var table: StoredTable
    package var latest: ImportPoint
    package var profile: TableProfile
    package init(table: StoredTable, latest: ImportPoint, profile: TableProfile) {
      self.table = table
      self.latest = latest
      self.profile = profile
    }
  }

  package init(store: AuditStore, rules: AccessReviewRules, pool: String) {
    self.store = store
    self.rules = rules
    self.pool = pool
  }

  package func review(_ subjects: [Subject], period: Period, asOf: Int64) throws -> AccessReviewResult {
    let reader = try store.poolReader(pool: pool)
    let windowStart = asOf - Int64(rules.dormantDays) * Self.day
    var cache: [String: [Resolved]] = [:]
    let writes = WriteClasses(rules)
    var activity: [String: ReviewedUser.Activity] = [:]
    var unknown: [String: ReviewedUser.Activity] = [:]
    var findings: [Finding] = []
    var records: Int64 = 0

    for subject in subjects {
      guard let actor = subject.profile.actor else { continue }
      let table = subject.table.name
      var selection = ItemSelection(tableID: subject.table.id, latest: subject.latest.id)
      selection.from = period.from.map { min($0, windowStart) }
      selection.to = period.to.map { max($0, asOf + 1) }
      let attributes = [actor.attribute, actor.action] + (actor.email.map { [$0] } ?? [])
      try store.forEachItem(selection, attributes: attributes) { row, values in
        guard let time = row.recordTime else { return }
        let inPeriod = period.contains(time)
        let inWindow = time >= windowStart && time <= asOf
        guard inPeriod || inWindow else { return }
        let key = subject.profile.key(pk: row.pk, sk: row.sk)
        let action = values[1]?.stringValue ?? ""
        guard let name = values[0]?.stringValue, !name.isEmpty else {
          if inPeriod {
            records += 1
            unknown["", default: .init()].record(action, at: time, write: writes.isWrite(action))
            findings.append(Finding(.unknownActor, table: table, key: key, detail: "the record names no actor (no \(actor.attribute))"))
          }
          return
        }
        var versions: [Resolved]
        if let cached = cache[name] { versions = cached } else {
          versions = try reader.versions(actor: name, matches: actor.matches).map { Resolved($0, roleAttribute: rules.roleAttribute) }
          if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
          cache[name] = versions
        }
        let inForce = versions.last { $0.holds(at: time) }
        if inWindow, let user = inForce, user.active {
          activity[user.username, default: .init()].seen(inWindow: time)
        }
        guard inPeriod else { return }
        records += 1
        let write = writes.isWrite(action)
        guard let user = inForce else {
          if let known = versions.last {
            activity[known.username, default: .init()].record(action, at: time, write: write)
          } else {
            unknown[name, default: .init()].record(action, at: time, write: write)
          }
          findings.append(Finding(.unknownActor, table: table, key: key, detail: unknownDetail(name, versions, time, actor)))
          return
        }
        activity[user.username, default: .init()].record(action, at: time, write: write)
        if !user.active {
          findings.append(
            Finding(
              .disabledUserActivity, table: table, key: key,
              detail: "\(user.username) did \(action.isEmpty ? "an action" : action) at \(Timestamp.iso8601(milliseconds: time)), "
                + "when the pool had it \(user.status) (from \(Timestamp.iso8601(milliseconds: user.validFrom)))"))
        }
        if let emailAttribute = actor.email, let recorded = values[2]?.stringValue, let pooled = user.email,
          !Self.sameEmail(recorded, pooled)
        {
          findings.append(
            Finding(
              .emailMismatch, table: table, key: key,
              detail: "the record's \(emailAttribute) is \(recorded); the pool's email of \(user.username) is \(pooled)"))
        }
        if write, let role = user.role, rules.readOnlyRoles.contains(role) {
          findings.append(
            Finding(
              .readonlyWriteAction, table: table, key: key,
              detail: "\(user.username) (role \(role)) did \(action) at \(Timestamp.iso8601(milliseconds: time))"))
        }
      }
    }

    // Rows: every user in force during the period, then users who acted in it outside their
    // versions (deleted, not yet created), then actors the pool never had.
    var users: [ReviewedUser] = []
    var listed = Set<String>()
    try reader.forEachUser(from: period.from, to: period.to) { versions in
      guard let name = versions.last?.user.username else { return }
      listed.insert(name)
      users.append(ReviewedUser(name: name, versions: versions, activity: activity[name] ?? .init()))
    }
    for (name, acts) in activity where !listed.contains(name) && acts.records > 0 {
      users.append(ReviewedUser(name: name, versions: try reader.versions(actor: name, matches: .username), activity: acts))
    }
    for (name, acts) in unknown { users.append(ReviewedUser(name: name, versions: [], activity: acts)) }
    users.sort { UTF16Order.less($0.name, $1.name) || ($0.name == $1.name && !$0.isUnknown && $1.isUnknown) }
    for reviewed in users { findings += judge(reviewed, asOf: asOf, windowStart: windowStart) }
    return AccessReviewResult(pool: pool, users: users, findings: findings, records: records)
  }

  /// The findings about a user itself: its role, and for a privileged user its email and idleness.
  func judge(_ reviewed: ReviewedUser, asOf: Int64, windowStart: Int64) -> [Finding] {
    guard let last = reviewed.versions.last else { return [] }
    let user = last.user
    let key = ItemKey(partitionKey: "Username", pk: user.username, sortKey: nil, sk: nil)
    var out: [Finding] = []
    switch rules.role(of: user) {
    case nil, ""?:
      out.append(Finding(.roleMissing, table: pool, key: key, detail: "\(user.username) has no \(rules.roleAttribute)"))
    case let role? where !rules.roles.contains(role):
      out.append(
        Finding(
          .roleInvalid, table: pool, key: key,
          detail: "\(user.username) has \(rules.roleAttribute) \"\(role)\", not one of \(rules.roles.joined(separator: ", "))"))
    default: break
    }
    guard rules.isPrivileged(user) else { return out }
    if user.attribute("email_verified") != "true" {
      out.append(
        Finding(
          .unverifiedEmail, table: pool, key: key,
          detail: "\(user.username) (role \(rules.role(of: user) ?? "")) has email_verified \(user.attribute("email_verified") ?? "absent")"))
    }
    let stillThere = last.validTo.map { $0 > asOf } ?? true
    let oldEnough = (reviewed.versions.first?.validFrom ?? asOf) <= windowStart
    if stillThere, user.isActive, oldEnough, reviewed.activity.lastInWindow == nil {
      out.append(
        Finding(
          .dormantPrivilegedUser, table: pool, key: key,
          detail: "\(user.username) (role \(rules.role(of: user) ?? "")) has no recorded activity in the \(rules.dormantDays) days before "
            + "\(Timestamp.iso8601(milliseconds: asOf))" + (reviewed.activity.last.map { "; last in the period \(Timestamp.iso8601(milliseconds: $0))" } ?? "")))
    }
    return out
  }

  /// Emails compared as the same address: equal bytes, or equal once ASCII letters are lowered.
  static func sameEmail(_ a: String, _ b: String) -> Bool {
    if a.utf8.elementsEqual(b.utf8) { return true }
    func lower(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c | 0x20 : c }
    return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
  }

  private func unknownDetail(_ name: String, _ versions: [Resolved], _ time: Int64, _ actor: TableProfile.Actor) -> String {
    let when = Timestamp.iso8601(milliseconds: time)
    guard let first = versions.first, let last = versions.last else {
      return "\(actor.attribute) \"\(name)\" is in no snapshot of user pool \(pool) (record at \(when))"
    }
    let who = name.utf8.elementsEqual(last.username.utf8) ? name : "\(name) (Username \(last.username))"
    if time < first.validFrom {
      return "\(who) did not exist yet: in the pool from \(Timestamp.iso8601(milliseconds: first.validFrom)); record at \(when)"
    }
    let gone = last.validTo.map { Timestamp.iso8601(milliseconds: $0) } ?? "?"
    return "\(who) was no longer in the pool (gone by the snapshot of \(gone)); record at \(when)"
  }
}

extension ReviewedUser.Activity {
  mutating func record(_ action: String, at time: Int64, write: Bool) {
    records += 1
    if write { writes += 1 }
    last = max(last ?? time, time)
    actions[action.isEmpty ? "(none)" : action, default: 0] += 1
  }

  mutating func seen(inWindow time: Int64) { lastInWindow = max(lastInWindow ?? time, time) }
}
