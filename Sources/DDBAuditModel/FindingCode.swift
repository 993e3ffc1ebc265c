/// A stable finding code such as `MODIFIED` or `TTL_MISSING`. Codes never change meaning;
/// tools and auditors match on them. Every code ddbaudit raises is defined below, once, with
/// its default severity and its one-line summary: the text, JSON, JUnit and SARIF renderings
/// and the docs' tables (checked by a test) all take them from here.
package struct FindingCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
  package let rawValue: String
  /// The severity the code has unless a policy says otherwise.
  package let defaultSeverity: Severity
  /// What the code means, in one line.
  package let summary: String

  /// The code named `rawValue`: a known one with its severity and summary, else an `error`
  /// (report definitions may raise codes of their own).
  package init(rawValue: String) {
    self = FindingCode.known[rawValue] ?? FindingCode(rawValue, .error, rawValue)
  }
  init(_ rawValue: String, _ severity: Severity, _ summary: String) {
    self.rawValue = rawValue
    defaultSeverity = severity
    self.summary = summary
  }
  package var description: String { rawValue }
  package static func < (a: FindingCode, b: FindingCode) -> Bool { a.rawValue < b.rawValue }
  package static func == (a: FindingCode, b: FindingCode) -> Bool { a.rawValue == b.rawValue }
  package func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  // Hash chain v1 (docs/spec/hash-chain-v1.md §4) and cross-export checks (docs/chain.md).
  package static let modified = FindingCode(
    "MODIFIED", .critical, "The record's hash does not match its content, or an earlier import saw it with other content")
  package static let brokenLink = FindingCode(
    "BROKEN_LINK", .critical, "The record's prevHash is not the hash of the record before it (or seq 1 lacks 64 zeros)")
  package static let missing = FindingCode(
    "MISSING", .critical, "Records are absent inside a chain, or were deleted while their TTL was still in the future")
  package static let fork = FindingCode("FORK", .critical, "Two records have the same seq, or name the same prevHash")
  package static let truncatedTail = FindingCode(
    "TRUNCATED_TAIL", .critical, "An earlier import or a signed checkpoint saw the chain reach a higher seq than it now does")
  package static let backdated = FindingCode(
    "BACKDATED", .critical, "A record no earlier import saw is dated before the previous full export, which should have held it")
  package static let unchained = FindingCode(
    "UNCHAINED", .error, "The record's seq, prevHash or hash is missing or malformed")
  package static let noncanonical = FindingCode(
    "NONCANONICAL", .error, "The record has no canonical form (a lone surrogate, a duplicate set element, a number DynamoDB could not hold)")
  package static let reordered = FindingCode("REORDERED", .warning, "The record's time is earlier than its predecessor's")
  package static let unanchoredHead = FindingCode(
    "UNANCHORED_HEAD", .warning, "The chain starts after seq 1 and nothing shows that the missing records expired")
  package static let truncatedByRetention = FindingCode(
    "TRUNCATED_BY_RETENTION", .info, "The chain starts after seq 1 because its first records expired: retention, not deletion")
  package static let expired = FindingCode("EXPIRED", .info, "Records an earlier import held are gone after their TTL passed")
  /// Items of a table without a written profile changed between imports (counted, info).
  package static let changed = FindingCode(
    "CHANGED", .info, "Items of a table no profile describes changed between imports (counted, not tampering)")
  /// An import reflects a time after --as-of: it is not used as evidence (of expiry, of the
  /// current state), since nothing that has not happened yet can prove anything.
  package static let futureEvidence = FindingCode(
    "FUTURE_EVIDENCE", .error, "An import reflects a time after --as-of, so it is not used as evidence")

  /// A checkpoint given to verify is not signed by a trusted key, its signature fails, or
  /// its chain state is not the one it signed (docs/checkpoint.md): it is not used.
  package static let badSignature = FindingCode(
    "BAD_SIGNATURE", .critical, "A checkpoint's signature does not verify under a trusted key (or its chain state is not the one signed); it is not used")

  /// Every verify code, most severe first.
  package static let verifyCodes: [FindingCode] = [
    .modified, .brokenLink, .missing, .fork, .truncatedTail, .backdated, .badSignature, .unchained, .noncanonical, .reordered,
    .unanchoredHead, .truncatedByRetention, .expired, .changed, .futureEvidence,
  ]

  // Item-by-item retention (docs/retention.md). Each item gets one TTL code, the first
  // that applies, in this order; API keys can also get KEY_NOT_HASHED.
  package static let ttlMissing = FindingCode(
    "TTL_MISSING", .error, "The item has no TTL attribute although its table's policy requires one")
  package static let ttlNotNumber = FindingCode("TTL_NOT_NUMBER", .error, "The TTL is not a Number, so DynamoDB ignores it")
  package static let ttlMilliseconds = FindingCode(
    "TTL_MILLISECONDS", .error, "The TTL is in milliseconds (or finer), not epoch seconds, so the item is never deleted")
  package static let ttlNotEpoch = FindingCode(
    "TTL_NOT_EPOCH", .error, "The TTL is a duration or lies before the record's own time, not an epoch expiry time")
  package static let ttlNeverDeleted = FindingCode(
    "TTL_NEVER_DELETED", .error, "The TTL lies more than 5 years in the past, so DynamoDB never deletes the item")
  package static let ttlOnActiveKey = FindingCode(
    "TTL_ON_ACTIVE_KEY", .error, "An active API key has a TTL, so DynamoDB will delete a key in use")
  package static let ttlTooShort = FindingCode(
    "TTL_TOO_SHORT", .error, "The TTL expires before the retention minimum (record time + 7 calendar years for audit tables)")
  package static let ttlTooLong = FindingCode(
    "TTL_TOO_LONG", .warning, "The TTL lies beyond the policy's maximum (data minimisation)")
  package static let expiredNotDeleted = FindingCode(
    "EXPIRED_NOT_DELETED", .info, "The item is past its TTL by more than the grace period and still present")
  package static let keyNotHashed = FindingCode(
    "KEY_NOT_HASHED", .critical, "The API key material is not stored as a SHA-256 hash")

  /// Every retention code, in the order they are tried.
  package static let retentionCodes: [FindingCode] = [
    .ttlMissing, .ttlNotNumber, .ttlMilliseconds, .ttlNotEpoch, .ttlNeverDeleted, .ttlOnActiveKey, .ttlTooShort,
    .ttlTooLong, .expiredNotDeleted, .keyNotHashed,
  ]

  // Table settings (describe-table, describe-time-to-live, describe-continuous-backups).
  package static let ttlNotEnabled = FindingCode("TTL_NOT_ENABLED", .error, "Time to Live is not ENABLED on the table")
  package static let ttlWrongAttribute = FindingCode(
    "TTL_WRONG_ATTRIBUTE", .error, "Time to Live is enabled on a different attribute than the profile's")
  package static let pitrDisabled = FindingCode("PITR_DISABLED", .error, "Point-in-time recovery is disabled")
  package static let streamDisabled = FindingCode("STREAM_DISABLED", .error, "The audit table's stream is disabled")
  package static let streamViewType = FindingCode(
    "STREAM_VIEW_TYPE", .error, "The audit table's stream does not carry NEW_AND_OLD_IMAGES")
  package static let sseNotDescribed = FindingCode(
    "SSE_NOT_DESCRIBED", .warning, "No server-side encryption is described (the table uses an AWS owned key at most)")
  package static let deletionProtectionOff = FindingCode(
    "DELETION_PROTECTION_OFF", .error, "Deletion protection is off on an audit table")

  /// Every settings code.
  package static let settingsCodes: [FindingCode] = [
    .ttlNotEnabled, .ttlWrongAttribute, .pitrDisabled, .streamDisabled, .streamViewType, .sseNotDescribed,
    .deletionProtectionOff,
  ]

  // The access review: audit records joined with the Cognito user pool (docs/access-review.md).
  package static let unknownActor = FindingCode(
    "UNKNOWN_ACTOR", .critical, "The record's actor is in no user pool snapshot in force at the record's time: deleted, not yet created, or forged")
  package static let disabledUserActivity = FindingCode(
    "DISABLED_USER_ACTIVITY", .critical, "The actor was disabled, or not CONFIRMED, at the record's time")
  package static let readonlyWriteAction = FindingCode(
    "READONLY_WRITE_ACTION", .error, "A user whose role is read-only performed an action the review classes as a write")
  package static let emailMismatch = FindingCode(
    "EMAIL_MISMATCH", .error, "The record's email differs from the pool's (immutable) email of its actor at that time")
  package static let roleMissing = FindingCode("ROLE_MISSING", .error, "The user has no value for the required role attribute")
  package static let roleInvalid = FindingCode("ROLE_INVALID", .error, "The user's role is not one of the review's roles")
  package static let dormantPrivilegedUser = FindingCode(
    "DORMANT_PRIVILEGED_USER", .warning, "An enabled privileged user has no recorded activity in the review's dormancy window")
  package static let unverifiedEmail = FindingCode(
    "UNVERIFIED_EMAIL", .warning, "A privileged user's email is not verified")

  /// Every access review code, most severe first.
  package static let accessReviewCodes: [FindingCode] = [
    .unknownActor, .disabledUserActivity, .readonlyWriteAction, .emailMismatch, .roleMissing, .roleInvalid,
    .dormantPrivilegedUser, .unverifiedEmail,
  ]

  /// Every code ddbaudit's own checks raise.
  package static let all: [FindingCode] = verifyCodes + retentionCodes + settingsCodes + accessReviewCodes

  static let known: [String: FindingCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.rawValue, $0) })
}
