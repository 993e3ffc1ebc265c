/// How serious a finding is. Ordered: `info` < `warning` < `error` < `critical`.
package enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
  case info, warning, error, critical

  package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    case .critical: 3
    }
  }
}

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
    "TRUNCATED_TAIL", .critical, "An earlier import saw the chain reach a higher seq than it now does")
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

  /// Every verify code, most severe first.
  package static let verifyCodes: [FindingCode] = [
    .modified, .brokenLink, .missing, .fork, .truncatedTail, .backdated, .unchained, .noncanonical, .reordered,
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

  /// Every code ddbaudit's own checks raise.
  package static let all: [FindingCode] = verifyCodes + retentionCodes + settingsCodes

  static let known: [String: FindingCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.rawValue, $0) })
}

/// The key of an item, as its partition and sort key attribute names and values.
package struct ItemKey: Sendable, Hashable {
  package var partitionKey: String
  package var pk: String
  package var sortKey: String?
  package var sk: String?
  package init(partitionKey: String, pk: String, sortKey: String?, sk: String?) {
    self.partitionKey = partitionKey
    self.pk = pk
    self.sortKey = sortKey
    self.sk = sk
  }
  /// `user_id=u-1 timestamp#log_id=2026-…#l-1`
  package var text: String {
    var out = "\(partitionKey)=\(pk)"
    if let sortKey, let sk { out += " \(sortKey)=\(sk)" }
    return out
  }
}

/// One thing a check found, with where it is. Findings are plain values: commands print
/// them and turn the most severe one into an exit code.
package struct Finding: Sendable, Hashable {
  package var code: FindingCode
  package var severity: Severity
  package var table: String
  /// The chain id, for chain findings.
  package var chain: String?
  /// The record's seq, or the first seq of a range.
  package var seq: Int64?
  /// The last seq of a range (`MISSING`, `EXPIRED`, …).
  package var seqEnd: Int64?
  package var key: ItemKey?
  package var detail: String

  package init(
    _ code: FindingCode, table: String, chain: String? = nil, seq: Int64? = nil, seqEnd: Int64? = nil,
    key: ItemKey? = nil, detail: String, severity: Severity? = nil
  ) {
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.table = table
    self.chain = chain
    self.seq = seq
    self.seqEnd = seqEnd
    self.key = key
    self.detail = detail
  }

  /// The deterministic order of findings: by table, chain, seq, code, key (names and
  /// values compared by UTF-16 code units).
  package static func ordered(_ a: Finding, _ b: Finding) -> Bool {
    func cmp(_ x: String?, _ y: String?) -> Int {
      switch (x, y) {
      case (nil, nil): return 0
      case (nil, _): return -1
      case (_, nil): return 1
      case let (x?, y?):
        if x.utf8.elementsEqual(y.utf8) { return 0 }
        return UTF16Order.less(Array(x.utf8), Array(y.utf8)) ? -1 : 1
      }
    }
    if let c = [cmp(a.table, b.table), cmp(a.chain, b.chain)].first(where: { $0 != 0 }) { return c < 0 }
    if a.seq != b.seq { return (a.seq ?? -1) < (b.seq ?? -1) }
    if a.code != b.code { return a.code.rawValue < b.code.rawValue }
    if let c = [cmp(a.key?.pk, b.key?.pk), cmp(a.key?.sk, b.key?.sk), cmp(a.detail, b.detail)].first(where: { $0 != 0 }) {
      return c < 0
    }
    return false
  }
}

extension Sequence where Element == Finding {
  /// Whether any finding is at or above `threshold`.
  package func any(atOrAbove threshold: Severity) -> Bool { contains { $0.severity >= threshold } }

  /// How many findings have each severity, most severe first (zeros included).
  package var countsBySeverity: [(Severity, Int)] {
    let all = Array(self)
    return Severity.allCases.reversed().map { sev in (sev, all.count { $0.severity == sev }) }
  }

  /// The severities present: `1 critical, 10 error, 4 warning`.
  package var severityText: String {
    countsBySeverity.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
  }

  /// How many findings have each code: `codes` first, in their order, then others by name.
  package func countsByCode(_ codes: [FindingCode]) -> [(FindingCode, Int)] {
    var counts: [FindingCode: Int] = [:]
    for f in self { counts[f.code, default: 0] += 1 }
    return counts.ordered(codes)
  }
}


extension Finding {
  /// The finding as JSON, with `seqEnd` only for ranges.
  package var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)), ("table", .string(table)),
    ]
    if let chain { members.append(("chain", .string(chain))) }
    members.append(("seq", seq.json))
    if let seqEnd { members.append(("seqEnd", .int(seqEnd))) }
    members.append(("key", key.map(\.json) ?? .null))
    members.append(("detail", .string(detail)))
    return .object(members)
  }

  /// One line for people: `CRITICAL MODIFIED audit_logs chain u-1 seq 7 [user_id=… …]: detail`.
  package var line: String {
    var out = "\(severity.rawValue.uppercased()) \(code.rawValue) \(table)"
    if let chain { out += " chain \(chain.isEmpty ? "(global)" : chain)" }
    if let seq { out += seqEnd.map { $0 == seq ? " seq \(seq)" : " seq \(seq)-\($0)" } ?? " seq \(seq)" }
    if let key { out += " [\(key.text)]" }
    return out + ": " + detail
  }
}

extension Dictionary where Key == FindingCode {
  /// Counts in `codes` order, then any other code by name.
  package func ordered(_ codes: [FindingCode]) -> [(FindingCode, Value)] {
    let known = codes.compactMap { code in self[code].map { (code, $0) } }
    let others = filter { !codes.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    return known + others
  }
}
