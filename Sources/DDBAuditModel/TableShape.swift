import Foundation

/// What the input or the user says about a table no profile describes: its key attributes,
/// and where known its indexed attributes and TTL attribute. ddbaudit learns a profile from it
/// (`TableProfile.learned`), so that any table imports without a hand-written profile.
package struct TableShape: Sendable, Equatable {
  package var partitionKey: String
  package var sortKey: String?
  /// Attributes to index for `query --where` (the table's GSI keys); at most two are kept.
  package var indexes: [String]
  package var ttlAttribute: String?
  /// The table the shape was described for, when the source names one (describe-table).
  package var table: String?
  /// Where the shape came from, for messages: `--key user_id,at`, `describe-table.json`, ….
  package var source: String

  package init(
    partitionKey: String, sortKey: String? = nil, indexes: [String] = [], ttlAttribute: String? = nil, table: String? = nil,
    source: String
  ) {
    self.partitionKey = partitionKey
    self.sortKey = sortKey
    self.indexes = indexes
    self.ttlAttribute = ttlAttribute
    self.table = table
    self.source = source
  }

  /// The shape `describe-table` (and optionally `describe-time-to-live`) output gives.
  package static func described(by settings: TableSettings) throws -> TableShape {
    let file = settings.files.first ?? settings.table
    guard let described = settings.described, let partitionKey = described.partitionKey else {
      throw DDBAuditError.badInput(path: file, line: nil, message: "no describe-table output with a KeySchema for table \"\(settings.table)\"")
    }
    let ttl = settings.ttl.flatMap { $0.status == "ENABLED" || $0.status == "ENABLING" ? $0.attribute : nil }
    return TableShape(
      partitionKey: partitionKey, sortKey: described.sortKey, indexes: Array(described.indexAttributes.prefix(2)),
      ttlAttribute: ttl, table: settings.table, source: settings.files.joined(separator: ", "))
  }

  /// The shape `--key PK[,SK]` gives.
  package static func keys(_ text: String) -> TableShape? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }), parts.first != parts.last || parts.count == 1 else {
      return nil
    }
    return TableShape(partitionKey: parts[0], sortKey: parts.count == 2 ? parts[1] : nil, source: "--key \(text)")
  }

  /// The shape the `Keys` of stream records or incremental export lines give: their attribute
  /// names in the order the record lists them, the partition key first (DynamoDB writes the
  /// HASH key before the RANGE key).
  package static func recordKeys(_ names: [String], source: String) -> TableShape? {
    guard (1...2).contains(names.count) else { return nil }
    return TableShape(partitionKey: names[0], sortKey: names.count == 2 ? names[1] : nil, source: "the Keys of \(source)")
  }

  /// Whether two shapes name the same key attributes.
  package func sameKeys(as other: TableShape) -> Bool {
    partitionKey.utf8.elementsEqual(other.partitionKey.utf8) && (sortKey?.utf8).map(Array.init) == (other.sortKey?.utf8).map(Array.init)
  }

  /// `user_id` or `user_id, timestamp#log_id`.
  package var keyText: String { sortKey.map { "\(partitionKey), \($0)" } ?? partitionKey }
}

extension TableProfile {
  /// Learned profiles are named `learned:TABLE`, a name no built-in profile has.
  package static let learnedPrefix = "learned:"

  /// Whether this profile was learned from a table's shape rather than written.
  package var isLearned: Bool { name.hasPrefix(Self.learnedPrefix) }

  /// The profile of an ordinary mutable table: its keys, indexes and TTL as `shape` says,
  /// record time from a `timestamp#…` sort key or a `timestamp` / `created_at` key attribute,
  /// no chain, and every attribute allowed to change between exports. Retention requires
  /// nothing; `ddbaudit profile init` writes a profile to edit instead.
  package static func learned(table: String, shape: TableShape) -> TableProfile {
    var time = TimeSource.none
    if let sortKey = shape.sortKey {
      if sortKey.hasPrefix("timestamp#") || sortKey.hasPrefix("ts#") {
        time = .sortKeyPrefix
      } else if ["timestamp", "created_at", "createdAt", "time"].contains(where: { $0.utf8.elementsEqual(sortKey.utf8) }) {
        time = .attribute(sortKey)
      }
    }
    var profile = TableProfile(
      name: learnedPrefix + table, match: [table], partitionKey: shape.partitionKey, sortKey: shape.sortKey, time: time,
      ttlAttribute: shape.ttlAttribute, indexes: Array(shape.indexes.prefix(2)), retention: .init(ttlRequired: false))
    profile.everyAttributeMutable = true
    return profile
  }

  /// The key attributes as a shape, to compare with another source's.
  package var shape: TableShape { TableShape(partitionKey: partitionKey, sortKey: sortKey, source: "profile \(name)") }
}

extension TableProfile {
  /// The JSON a learned profile is kept in, in the store.
  package static func encodeLearned(_ profile: TableProfile) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(profile), as: UTF8.self)
  }

  package static func decodeLearned(_ json: String) throws -> TableProfile {
    try JSONDecoder().decode(TableProfile.self, from: Data(json.utf8))
  }
}

extension TableProfile {
  /// The profile as an entry of a profiles file (`--profiles`, docs/profiles.md), which
  /// `ProfileCatalog` reads back as this profile.
  package var profilesFileJSON: JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(name)), ("match", .array(match.map(JSONValue.string))), ("partitionKey", .string(partitionKey)),
    ]
    if let sortKey { members.append(("sortKey", .string(sortKey))) }
    switch time {
    case .sortKeyPrefix: members.append(("timestampFromSortKey", .bool(true)))
    case .attribute(let name): members.append(("timestampAttribute", .string(name)))
    case .none: break
    }
    if let ttlAttribute { members.append(("ttlAttribute", .string(ttlAttribute))) }
    members.append(("chained", .bool(chain != nil)))
    members.append(("indexes", .array(indexes.map(JSONValue.string))))
    if let aliases = indexAliases, !aliases.isEmpty {
      members.append(("indexAliases", .object(aliases.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
    }
    members.append(("mutableAttributes", .array(mutableAttributes.map(JSONValue.string))))
    var retentionMembers: [(String, JSONValue)] = [("ttlRequired", .bool(retention.ttlRequired))]
    if let years = retention.minimumYears { retentionMembers.append(("minimumYears", .int(Int64(years)))) }
    if let days = retention.minimumDays { retentionMembers.append(("minimumDays", .int(Int64(days)))) }
    if let seconds = retention.maximumSeconds { retentionMembers.append(("maximumDays", .number(Self.days(seconds)))) }
    members.append(("retention", .object(retentionMembers)))
    return .object(members)
  }

  /// What `profile list --format json` shows of a profile.
  package var summaryJSON: JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(name)), ("match", .array(match.map(JSONValue.string))), ("partitionKey", .string(partitionKey)),
      ("sortKey", sortKey.map(JSONValue.string) ?? .null),
    ]
    switch time {
    case .sortKeyPrefix: members.append(("recordTime", .string("sort key prefix")))
    case .attribute(let name): members.append(("recordTime", .string(name)))
    case .none: members.append(("recordTime", .null))
    }
    members += [
      ("ttlAttribute", ttlAttribute.map(JSONValue.string) ?? .null), ("chained", .bool(chain != nil)),
      ("indexes", .array(indexes.map { name in .string(indexAliases?[name].map { "\(name) (or \($0))" } ?? name) })),
      ("mutableAttributes", .array(mutableAttributes.map(JSONValue.string))),
      ("retention", .string(retention.summary)),
    ]
    return .object(members)
  }

  /// `30` for 2,592,000 seconds; `0.5` for 43,200.
  static func days(_ seconds: Int64) -> String {
    seconds % 86_400 == 0 ? String(seconds / 86_400) : String(Double(seconds) / 86_400)
  }
}

extension TableProfile.RetentionPolicy {
  /// The policy in words: `ttl required; kept ≥ 7 years`, `ttl ≤ 30 days`, `no ttl rule`.
  package var summary: String {
    var parts: [String] = []
    if ttlRequired { parts.append("ttl required") }
    if let minimumYears { parts.append("kept ≥ \(minimumYears) years") }
    if let minimumDays { parts.append("kept ≥ \(minimumDays) days") }
    if let maximumSeconds { parts.append("ttl ≤ \(TableProfile.days(maximumSeconds)) days") }
    if keys != nil { parts.append("api keys: active keys without ttl, inactive keys within \(TableProfile.days(keys!.inactiveMaximumSeconds)) days") }
    return parts.isEmpty ? "no ttl rule" : parts.joined(separator: "; ")
  }
}
