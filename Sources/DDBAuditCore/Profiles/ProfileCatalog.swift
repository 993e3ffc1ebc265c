import Foundation

/// The table profiles in force: the built-in ones for the seed tables, plus any from a
/// profiles file. A table is matched by exact name first, then by pattern; profiles from
/// a file win over built-in ones.
public struct ProfileCatalog: Sendable {
  public private(set) var profiles: [TableProfile]

  public init(profiles: [TableProfile]) { self.profiles = profiles }

  /// The built-in profiles, optionally extended by the profiles file at `path`.
  public static func load(profilesFile path: String?) throws -> ProfileCatalog {
    var catalog = ProfileCatalog(profiles: BuiltinProfiles.all)
    if let path { try catalog.add(contentsOf: path) }
    return catalog
  }

  /// Adds the profiles described in a JSON profiles file (see docs/profiles.md).
  public mutating func add(contentsOf path: String) throws {
    let file = try decodeJSONFile(ProfilesFile.self, path: path, what: "profiles file", shape: ProfilesFile.shape)
    for entry in file.profiles {
      let profile = try entry.makeProfile(base: profiles.first { $0.name == entry.extends }, file: path)
      profiles.removeAll { $0.name == profile.name }
      profiles.insert(profile, at: 0)
    }
  }

  /// The profile named `name`.
  public func profile(named name: String) -> TableProfile? { profiles.first { $0.name == name } }

  /// The profile a stored table is read with: the one it was imported under, from this
  /// catalog (so that an edited profiles file takes effect), else the one learned for it.
  public func profile(for table: StoredTable) -> TableProfile? {
    profile(named: table.profile) ?? table.learnedProfile
  }

  /// The profile for `table`: exact names first, then patterns.
  public func profile(forTable table: String) -> TableProfile? {
    profiles.first { $0.matchesExactly(table) } ?? profiles.first { $0.matchesPattern(table) }
  }

  /// Resolves the profile for an import: `--profile` wins, then the table's name.
  public func resolve(table: String, profileName: String?) throws -> TableProfile {
    if let profileName {
      guard let profile = profile(named: profileName) else {
        throw DDBAuditError.usage(
          "unknown profile \"\(profileName)\"; known profiles: \(profiles.map(\.name).sorted().joined(separator: ", "))")
      }
      return profile
    }
    guard let profile = profile(forTable: table) else {
      throw DDBAuditError.usage(
        "no profile matches table \"\(table)\"; pass --profile NAME or describe the table in a profiles file (--profiles, see docs/profiles.md)")
    }
    return profile
  }
}

/// The JSON profiles file: `{"profiles": [ … ]}`.
struct ProfilesFile: Decodable {
  static let shape = ConfigShape.object(
    keys: ["profiles"],
    members: [
      "profiles": .array(.keys(Entry.CodingKeys.self, ["chainAttributes": .keys(Entry.ChainEntry.CodingKeys.self), "retention": RetentionOverrides.shape]))
    ])

  struct Entry: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
      case name, extends, match, partitionKey, sortKey, timestampAttribute, timestampFromSortKey, ttlAttribute, chained,
        chainAttributes, indexes, indexAliases, mutableAttributes, retention
    }

    var name: String
    var extends: String?
    var match: [String]?
    var partitionKey: String?
    var sortKey: String?
    var timestampAttribute: String?
    var timestampFromSortKey: Bool?
    var ttlAttribute: String?
    var chained: Bool?
    var chainAttributes: ChainEntry?
    var indexes: [String]?
    var indexAliases: [String: String]?
    var mutableAttributes: [String]?
    var retention: RetentionOverrides?

    struct ChainEntry: Decodable {
      enum CodingKeys: String, CodingKey, CaseIterable { case seq, prevHash, hash, chainId, global }
      var seq: String?
      var prevHash: String?
      var hash: String?
      var chainId: String?
      var global: Bool?
    }

    func makeProfile(base: TableProfile?, file: String) throws -> TableProfile {
      if let extends, base == nil {
        throw DDBAuditError.badInput(path: file, line: nil, message: "profile \"\(name)\" extends unknown profile \"\(extends)\"")
      }
      guard let partitionKey = partitionKey ?? base?.partitionKey else {
        throw DDBAuditError.badInput(path: file, line: nil, message: "profile \"\(name)\" needs \"partitionKey\"")
      }
      var time = base?.time ?? .none
      if let timestampAttribute { time = .attribute(timestampAttribute) }
      if timestampFromSortKey == true { time = .sortKeyPrefix }
      var chain = base?.chain
      if chained == false { chain = nil }
      if chained == true || chainAttributes != nil {
        var c = chain ?? TableProfile.ChainAttributes()
        if let a = chainAttributes {
          c.seq = a.seq ?? c.seq
          c.prevHash = a.prevHash ?? c.prevHash
          c.hash = a.hash ?? c.hash
          c.chainId = a.chainId ?? c.chainId
          c.global = a.global ?? c.global
        }
        chain = c
      }
      let indexes = indexes ?? base?.indexes ?? []
      if indexes.count > 2 {
        throw DDBAuditError.badInput(path: file, line: nil, message: "profile \"\(name)\" lists \(indexes.count) indexes; at most 2 are supported")
      }
      if let problem = retention?.problem("profile \"\(name)\" retention") {
        throw DDBAuditError.badInput(path: file, line: nil, message: problem)
      }
      var profile = TableProfile(
        name: name, match: match ?? [name], partitionKey: partitionKey, sortKey: sortKey ?? base?.sortKey,
        time: time, ttlAttribute: ttlAttribute ?? base?.ttlAttribute, chain: chain, indexes: indexes,
        indexAliases: indexAliases ?? base?.indexAliases,
        mutableAttributes: mutableAttributes ?? base?.mutableAttributes ?? [],
        retention: base?.retention ?? TableProfile.RetentionPolicy(ttlRequired: false))
      retention?.apply(to: &profile)
      return profile
    }
  }
  var profiles: [Entry]
}

/// Reads and decodes a JSON file given on the command line, naming it in every error: `io`
/// when it cannot be read, `badInput` (exit 2) when it is not a valid `what`.
/// With `shape`, unknown keys and values outside a fixed set are refused first, by name.
func decodeJSONFile<T: Decodable>(_ type: T.Type, path: String, what: String, shape: ConfigShape? = nil) throws -> T {
  let data = try InputFile.text(path)
  try shape?.check(data, path: path, what: what)
  return try decodeJSON(type, from: data, path: path, what: what)
}

/// Decodes JSON bytes read from `path`, naming the file in every error (`badInput`, exit 2).
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, path: String, what: String) throws -> T {
  do { return try JSONDecoder().decode(type, from: data) } catch {
    if let syntax = jsonSyntaxProblem(data) { throw DDBAuditError.badInput(path: path, line: syntax.line, message: "not a valid \(what): \(syntax.message)") }
    throw DDBAuditError.badInput(path: path, line: nil, message: "not a valid \(what): \(describe(decodingError: error))")
  }
}

func describe(decodingError error: Error) -> String {
  switch error {
  case DecodingError.keyNotFound(let key, let context):
    return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
  case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
    return "\(path(context.codingPath)) must be \(kind(type))"
  case DecodingError.dataCorrupted(let context):
    return context.debugDescription
  default:
    return "\(error)"
  }
}

/// `a string`, `a whole number`, … for a type a config member must have.
private func kind(_ type: Any.Type) -> String {
  switch type {
  case is String.Type: "a string"
  case is Int.Type, is Int64.Type: "a whole number"
  case is Double.Type: "a number"
  case is Bool.Type: "true or false"
  case is [String].Type: "a list of strings"
  default: type is any Collection.Type ? "a list" : "an object"
  }
}

private func path(_ keys: [CodingKey]) -> String {
  keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}
