import DDBAuditModel
import DDBAuditStore

/// One row of an access review: a user of the pool in force during the period (with every
/// version of it), or an actor the pool never had, with what it did.
package struct ReviewedUser: Sendable {
  /// The Username, or for an unknown actor the value the records name.
  package var name: String
  /// The user's versions, oldest first; empty for an unknown actor.
  package var versions: [PoolVersion]
  package var activity = Activity()

  /// The newest version in force during the period.
  package var user: PoolUser? { versions.last?.user }
  /// Whether the records name an actor the pool has no version of.
  package var isUnknown: Bool { versions.isEmpty }

  /// What the records of the period say the user did.
  package struct Activity: Sendable {
    /// Records in the period.
    package var records: Int64 = 0
    /// Of them, actions the review classes as writes.
    package var writes: Int64 = 0
    /// The newest record in the period.
    package var last: Int64? = nil
    /// The newest record in the dormancy window before --as-of (any period).
    package var lastInWindow: Int64? = nil
    /// Records by action, in the period.
    package var actions: [String: Int64] = [:]
  }

  /// `START_INSTANCE 3; STOP_INSTANCE 1`, by action name (UTF-16 order).
  package var actionCounts: String {
    activity.actions.sorted { UTF16Order.less($0.key, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
  }

  /// The changes between versions that took effect in `period`, each with its date.
  package func changes(in period: Period) -> String {
    var out: [String] = []
    for (old, new) in zip(versions, versions.dropFirst()) where period.contains(new.validFrom) {
      let day = String(Timestamp.iso8601(milliseconds: new.validFrom).prefix(10))
      out += new.user.changes(from: old.user).map { "\(day) \($0)" }
    }
    if let last = versions.last, let end = last.validTo, period.contains(end) {
      out.append("\(Timestamp.iso8601(milliseconds: end).prefix(10)) no longer in the pool")
    }
    return out.joined(separator: "; ")
  }

  /// The status a reviewer reads: `CONFIRMED`, `DISABLED (…)`, `DELETED`, `UNKNOWN ACTOR`.
  package func status(asOf: Int64) -> String {
    guard let last = versions.last else { return "UNKNOWN ACTOR" }
    if let end = last.validTo, end <= asOf { return "DELETED" }
    return last.user.statusText
  }
}
