import Foundation

/// The JSON profiles file: `{"profiles": [ … ]}`.
package struct ProfilesFile: Decodable {
  package static let shape = ConfigShape.object(
    keys: ["profiles"],
    members: [
      "profiles": .array(.keys(Entry.CodingKeys.self, ["chainAttributes": .keys(Entry.ChainEntry.CodingKeys.self), "retention": RetentionOverrides.shape, "actor": .keys(Entry.ActorEntry.CodingKeys.self)]))
    ])

  struct Entry: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
      case name, extends, match, partitionKey, sortKey, timestampAttribute, timestampFromSortKey, ttlAttribute, chained,
        chainAttributes, indexes, indexAliases, mutableAttributes, retention, actor
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
    var actor: ActorEntry?

    /// `{"attribute": "userId", "matches": "sub", "email": "userEmail", "action": "action"}`.
    struct ActorEntry: Decodable {
      enum CodingKeys: String, CodingKey, CaseIterable { case attribute, matches, email, action }
      var attribute: String?
      var matches: String?
      var email: String?
      var action: String?
    }

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
      profile.actor = base?.actor
      if let a = actor {
        guard let attribute = a.attribute ?? base?.actor?.attribute else {
          throw DDBAuditError.badInput(path: file, line: nil, message: "profile \"\(name)\" actor needs \"attribute\"")
        }
        var match = base?.actor?.matches ?? .sub
        if let text = a.matches {
          guard let m = TableProfile.Actor.Match(rawValue: text) else {
            throw DDBAuditError.badInput(
              path: file, line: nil, message: "profile \"\(name)\" actor matches \"\(text)\": expected sub, username or either")
          }
          match = m
        }
        profile.actor = TableProfile.Actor(
          attribute: attribute, matches: match, email: a.email ?? base?.actor?.email, action: a.action ?? base?.actor?.action ?? "action")
      }
      return profile
    }
  }
  var profiles: [Entry]
}
