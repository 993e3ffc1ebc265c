import Foundation

/// What ddbaudit knows about one kind of table: its keys, where an item's time and TTL
/// live, whether its records are hash-chained, which attributes are indexed, and its
/// retention policy.
package struct TableProfile: Sendable, Equatable, Codable {
  /// The profile's name, such as `audit_logs`.
  package var name: String
  /// Table names this profile applies to: exact names, or patterns with `*` (`*-audit-logs`).
  package var match: [String]
  package var partitionKey: String
  package var sortKey: String?
  /// Where an item's record time comes from.
  package var time: TimeSource
  /// The TTL attribute (epoch seconds), if the table uses TTL.
  package var ttlAttribute: String?
  /// The hash-chain attributes, for chained audit tables.
  package var chain: ChainAttributes?
  /// Attributes served by an index for `--where` queries (the table's GSIs); at most two.
  package var indexes: [String]
  /// Another name an indexed attribute goes by in some producers' items, read when the
  /// indexed one is absent, and accepted by `--where` (`api_key_hash` for `key_hash`).
  package var indexAliases: [String: String]? = nil
  /// Attributes that may legitimately change between exports (for unchained tables).
  package var mutableAttributes: [String]
  /// Every attribute may change between exports: a table no profile describes, whose
  /// profile was learned from its keys. Its changes are counted, not findings of tampering.
  package var everyAttributeMutable = false
  package var retention: RetentionPolicy
  /// Who acted, for the access review: the attribute naming the actor, and what it
  /// matches in the Cognito user pool (docs/access-review.md).
  package var actor: Actor? = nil

  /// The actor of a record, and how it is joined with the user pool.
  package struct Actor: Sendable, Equatable, Codable {
    /// The attribute holding the actor (`userId`, `user_id`).
    package var attribute: String
    /// What the actor's value is in the pool: its `sub`, its `Username`, or either (`sub`
    /// tried first).
    package var matches: Match
    /// The attribute holding the actor's email as the record saw it (`userEmail`), if any.
    package var email: String? = nil
    /// The attribute holding the action (`action`).
    package var action: String = "action"

    package enum Match: String, Sendable, Equatable, Codable, CaseIterable { case sub, username, either }

    package init(attribute: String, matches: Match, email: String? = nil, action: String = "action") {
      self.attribute = attribute
      self.matches = matches
      self.email = email
      self.action = action
    }
  }

  package enum TimeSource: Sendable, Equatable, Codable {
    /// An attribute holding ISO 8601 text or epoch seconds/milliseconds.
    case attribute(String)
    /// The `timestamp#id` sort key: the part before the first `#`.
    case sortKeyPrefix
    /// No record time.
    case none
  }

  /// Chain attribute names (spec §1). The chain id defaults to the partition key.
  package struct ChainAttributes: Sendable, Equatable, Codable {
    package var seq = "seq"
    package var prevHash = "prevHash"
    package var hash = "hash"
    /// The attribute that identifies a chain; nil means the partition key.
    package var chainId: String? = nil
    /// The whole table is one chain (the chain id is empty).
    package var global = false
    package init() {}
  }

  /// How long items must, or may, be kept (see docs/retention.md).
  package struct RetentionPolicy: Sendable, Equatable, Codable {
    /// Items must carry a TTL.
    package var ttlRequired: Bool
    /// The TTL must not expire before record time + this many calendar years (UTC).
    package var minimumYears: Int?
    /// Instead of `minimumYears`: record time + this many days.
    package var minimumDays: Int?
    /// The TTL must not lie further than this many seconds after the record time.
    package var maximumSeconds: Int64?
    /// How long past its TTL an item may still be present before it is reported (DynamoDB
    /// deletes expired items in the background, usually within days).
    package var graceSeconds: Int64 = 7 * 86_400
    /// Rules for tables of API keys.
    package var keys: KeyPolicy?
    /// Severities that differ from the codes' defaults, by code.
    package var severities: [String: Severity] = [:]

    package init(
      ttlRequired: Bool, minimumYears: Int? = nil, minimumDays: Int? = nil, maximumSeconds: Int64? = nil,
      keys: KeyPolicy? = nil
    ) {
      self.ttlRequired = ttlRequired
      self.minimumYears = minimumYears
      self.minimumDays = minimumDays
      self.maximumSeconds = maximumSeconds
      self.keys = keys
    }

    /// Whether records must be kept for a minimum time (audit tables).
    package var hasMinimum: Bool { minimumDays != nil || minimumYears != nil }

    /// The severity `code` has under this policy.
    package func severity(_ code: FindingCode) -> Severity { severities[code.rawValue] ?? code.defaultSeverity }

    /// The earliest TTL (ms) that keeps a record with this record time long enough.
    package func minimumExpiry(recordTime: Int64) -> Int64? {
      if let minimumDays { return recordTime + Int64(minimumDays) * 86_400_000 }
      if let minimumYears { return Timestamp.adding(years: minimumYears, to: recordTime) }
      return nil
    }

    /// The rule in words, for report headers: `record time + 7 calendar years (UTC)`.
    package var minimumText: String? {
      if let minimumDays { return "record time + \(minimumDays) days" }
      if let minimumYears { return "record time + \(minimumYears) calendar years" }
      return nil
    }
  }

  /// API keys: an active key must not expire, a disabled or revoked one must, soon; and the
  /// key material must be stored only as its SHA-256.
  package struct KeyPolicy: Sendable, Equatable, Codable {
    package var statusAttribute = "status"
    /// Status values of keys in use (a key without a status counts as active).
    package var activeStatuses = ["active"]
    /// The attribute holding the key's SHA-256 (64 hex digits).
    package var hashAttribute = "key_hash"
    /// Read when `hashAttribute` is absent: the seed schema's name for it.
    package var hashAttributeAlias: String? = "api_key_hash"
    /// An inactive key's TTL must fall within this many seconds of the export that holds it.
    package var inactiveMaximumSeconds: Int64 = 90 * 86_400
    package init() {}
  }

  package init(
    name: String, match: [String], partitionKey: String, sortKey: String?, time: TimeSource,
    ttlAttribute: String?, chain: ChainAttributes? = nil, indexes: [String] = [], indexAliases: [String: String]? = nil,
    mutableAttributes: [String] = [], retention: RetentionPolicy, actor: Actor? = nil
  ) {
    self.actor = actor
    self.indexAliases = indexAliases
    self.name = name
    self.match = match
    self.partitionKey = partitionKey
    self.sortKey = sortKey
    self.time = time
    self.ttlAttribute = ttlAttribute
    self.chain = chain
    self.indexes = indexes
    self.mutableAttributes = mutableAttributes
    self.retention = retention
  }

  /// The key of an item stored with partition key `pk` and sort key `sk` ('' when none).
  package func key(pk: String, sk: String) -> ItemKey {
    ItemKey(partitionKey: partitionKey, pk: pk, sortKey: sortKey, sk: sortKey == nil ? nil : sk)
  }

  /// The index column (0 or 1) that serves `--where name=…`, by the indexed name or its alias.
  package func indexSlot(for name: String) -> Int? {
    for (slot, indexed) in indexes.prefix(2).enumerated()
    where indexed.utf8.elementsEqual(name.utf8) || (indexAliases?[indexed]).map({ $0.utf8.elementsEqual(name.utf8) }) == true {
      return slot
    }
    return nil
  }

  /// Whether `table` is named by one of this profile's exact names.
  func matchesExactly(_ table: String) -> Bool { match.contains { !$0.contains("*") && $0 == table } }

  /// Whether `table` fits one of this profile's `*` patterns.
  func matchesPattern(_ table: String) -> Bool {
    match.contains { $0.contains("*") && Glob.matches(pattern: $0, table) }
  }
}
