/// How serious a finding is. Ordered: `info` < `warning` < `error` < `critical`.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
  case info, warning, error, critical

  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    case .critical: 3
    }
  }
}

/// A stable finding code such as `MODIFIED` or `TTL_MILLISECONDS`. Codes never change
/// meaning; tools and auditors match on them.
public struct FindingCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public let rawValue: String
  /// The severity the code has unless a policy says otherwise.
  public let defaultSeverity: Severity
  public init(rawValue: String) {
    self.rawValue = rawValue
    defaultSeverity = FindingCode.known[rawValue] ?? .error
  }
  init(_ rawValue: String, _ severity: Severity) {
    self.rawValue = rawValue
    defaultSeverity = severity
  }
  public var description: String { rawValue }
  public static func < (a: FindingCode, b: FindingCode) -> Bool { a.rawValue < b.rawValue }
  public static func == (a: FindingCode, b: FindingCode) -> Bool { a.rawValue == b.rawValue }
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  // Hash chain v1 (spec §4) and cross-export checks.
  public static let modified = FindingCode("MODIFIED", .critical)
  public static let brokenLink = FindingCode("BROKEN_LINK", .critical)
  public static let missing = FindingCode("MISSING", .critical)
  public static let fork = FindingCode("FORK", .critical)
  public static let truncatedTail = FindingCode("TRUNCATED_TAIL", .critical)
  public static let backdated = FindingCode("BACKDATED", .critical)
  public static let unchained = FindingCode("UNCHAINED", .error)
  public static let noncanonical = FindingCode("NONCANONICAL", .error)
  public static let reordered = FindingCode("REORDERED", .warning)
  public static let unanchoredHead = FindingCode("UNANCHORED_HEAD", .warning)
  public static let truncatedByRetention = FindingCode("TRUNCATED_BY_RETENTION", .info)
  public static let expired = FindingCode("EXPIRED", .info)
  /// Items of a table without a written profile changed between imports (counted, info).
  public static let changed = FindingCode("CHANGED", .info)
  /// An import reflects a time after --as-of: it is not used as evidence (of expiry, of the
  /// current state), since nothing that has not happened yet can prove anything.
  public static let futureEvidence = FindingCode("FUTURE_EVIDENCE", .error)

  /// Every verify code, most severe first.
  public static let verifyCodes: [FindingCode] = [
    .modified, .brokenLink, .missing, .fork, .truncatedTail, .backdated, .unchained, .noncanonical, .reordered,
    .unanchoredHead, .truncatedByRetention, .expired, .changed, .futureEvidence,
  ]

  // Item-by-item retention (docs/retention.md). Each item gets one TTL code, the first
  // that applies, in this order; API keys can also get KEY_NOT_HASHED.
  public static let ttlMissing = FindingCode("TTL_MISSING", .error)
  public static let ttlNotNumber = FindingCode("TTL_NOT_NUMBER", .error)
  public static let ttlMilliseconds = FindingCode("TTL_MILLISECONDS", .error)
  public static let ttlNotEpoch = FindingCode("TTL_NOT_EPOCH", .error)
  public static let ttlNeverDeleted = FindingCode("TTL_NEVER_DELETED", .error)
  public static let ttlOnActiveKey = FindingCode("TTL_ON_ACTIVE_KEY", .error)
  public static let ttlTooShort = FindingCode("TTL_TOO_SHORT", .error)
  public static let ttlTooLong = FindingCode("TTL_TOO_LONG", .warning)
  public static let expiredNotDeleted = FindingCode("EXPIRED_NOT_DELETED", .info)
  public static let keyNotHashed = FindingCode("KEY_NOT_HASHED", .critical)

  /// Every retention code, in the order they are tried.
  public static let retentionCodes: [FindingCode] = [
    .ttlMissing, .ttlNotNumber, .ttlMilliseconds, .ttlNotEpoch, .ttlNeverDeleted, .ttlOnActiveKey, .ttlTooShort,
    .ttlTooLong, .expiredNotDeleted, .keyNotHashed,
  ]

  // Table settings (describe-table, describe-time-to-live, describe-continuous-backups).
  public static let ttlNotEnabled = FindingCode("TTL_NOT_ENABLED", .error)
  public static let ttlWrongAttribute = FindingCode("TTL_WRONG_ATTRIBUTE", .error)
  public static let pitrDisabled = FindingCode("PITR_DISABLED", .error)
  public static let streamDisabled = FindingCode("STREAM_DISABLED", .error)
  public static let streamViewType = FindingCode("STREAM_VIEW_TYPE", .error)
  public static let sseNotDescribed = FindingCode("SSE_NOT_DESCRIBED", .warning)
  public static let deletionProtectionOff = FindingCode("DELETION_PROTECTION_OFF", .error)

  /// Every settings code.
  public static let settingsCodes: [FindingCode] = [
    .ttlNotEnabled, .ttlWrongAttribute, .pitrDisabled, .streamDisabled, .streamViewType, .sseNotDescribed,
    .deletionProtectionOff,
  ]

  static let known: [String: Severity] = Dictionary(
    uniqueKeysWithValues: (verifyCodes + retentionCodes + settingsCodes).map { ($0.rawValue, $0.defaultSeverity) })
}

/// The key of an item, as its partition and sort key attribute names and values.
public struct ItemKey: Sendable, Hashable {
  public var partitionKey: String
  public var pk: String
  public var sortKey: String?
  public var sk: String?
  public init(partitionKey: String, pk: String, sortKey: String?, sk: String?) {
    self.partitionKey = partitionKey
    self.pk = pk
    self.sortKey = sortKey
    self.sk = sk
  }
  /// `user_id=u-1 timestamp#log_id=2026-…#l-1`
  public var text: String {
    var out = "\(partitionKey)=\(pk)"
    if let sortKey, let sk { out += " \(sortKey)=\(sk)" }
    return out
  }
}

/// One thing a check found, with where it is. Findings are plain values: commands print
/// them and turn the most severe one into an exit code.
public struct Finding: Sendable, Hashable {
  public var code: FindingCode
  public var severity: Severity
  public var table: String
  /// The chain id, for chain findings.
  public var chain: String?
  /// The record's seq, or the first seq of a range.
  public var seq: Int64?
  /// The last seq of a range (`MISSING`, `EXPIRED`, …).
  public var seqEnd: Int64?
  public var key: ItemKey?
  public var detail: String

  public init(
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
  public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
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
  public func any(atOrAbove threshold: Severity) -> Bool { contains { $0.severity >= threshold } }

  /// How many findings have each severity, most severe first (zeros included).
  public var countsBySeverity: [(Severity, Int)] {
    let all = Array(self)
    return Severity.allCases.reversed().map { sev in (sev, all.count { $0.severity == sev }) }
  }

  /// The severities present: `1 critical, 10 error, 4 warning`.
  public var severityText: String {
    countsBySeverity.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
  }

  /// How many findings have each code: `codes` first, in their order, then others by name.
  public func countsByCode(_ codes: [FindingCode]) -> [(FindingCode, Int)] {
    var counts: [FindingCode: Int] = [:]
    for f in self { counts[f.code, default: 0] += 1 }
    return counts.ordered(codes)
  }
}
