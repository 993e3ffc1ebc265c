/// One user of a Cognito user pool as one snapshot saw it: the fields of `list-users` or
/// `admin-get-user` output, and the groups `admin-list-groups-for-user` gave for it.
///
/// Its canonical JSON (`json`) is what the store keeps and compares: attributes sorted by
/// name in UTF-16 order, groups likewise, times in epoch milliseconds. Two snapshots that
/// saw the same user the same way give the same bytes.
package struct PoolUser: Sendable, Equatable {
  package var username: String
  /// `(Name, Value)` pairs, sorted by name (UTF-16 code units), names unique.
  package var attributes: [(name: String, value: String)]
  package var enabled: Bool?
  package var status: String?
  /// `UserCreateDate` and `UserLastModifiedDate`, in epoch milliseconds.
  package var created: Int64?
  package var modified: Int64?
  /// Group names, sorted (UTF-16 code units), unique.
  package var groups: [String] = []

  package init(username: String, attributes: [(name: String, value: String)], enabled: Bool?, status: String?, created: Int64?, modified: Int64?) {
    self.username = username
    self.attributes = attributes.sorted { UTF16Order.less($0.name, $1.name) }
    self.enabled = enabled
    self.status = status
    self.created = created
    self.modified = modified
  }

  package static func == (a: PoolUser, b: PoolUser) -> Bool { a.json.bytes() == b.json.bytes() }

  /// The value of attribute `name` (compared by UTF-8 bytes, never by `String` equality).
  package func attribute(_ name: String) -> String? {
    attributes.first { $0.name.utf8.elementsEqual(name.utf8) }?.value
  }
  /// The immutable `sub` attribute Cognito gives every user.
  package var sub: String? { attribute("sub") }

  /// Whether the user may act: enabled, and `CONFIRMED` (or `EXTERNAL_PROVIDER`, a federated
  /// user). A status not known leaves the user active.
  package var isActive: Bool {
    if enabled == false { return false }
    guard let status else { return true }
    return status == "CONFIRMED" || status == "EXTERNAL_PROVIDER"
  }

  /// The status a reviewer reads: `DISABLED`, or the Cognito status.
  package var statusText: String {
    if enabled == false { return "DISABLED" }
    return status ?? "UNKNOWN"
  }

  /// Adds a group (kept sorted and unique).
  package mutating func addGroup(_ name: String) {
    guard !groups.contains(where: { $0.utf8.elementsEqual(name.utf8) }) else { return }
    groups.append(name)
    groups.sort { UTF16Order.less($0, $1) }
  }

  /// The canonical JSON the store keeps.
  package var json: JSONValue {
    var members: [(String, JSONValue)] = [("username", .string(username))]
    members.append(("attributes", .object(attributes.map { ($0.name, JSONValue.string($0.value)) })))
    if let enabled { members.append(("enabled", .bool(enabled))) }
    if let status { members.append(("status", .string(status))) }
    if let created { members.append(("created", .int(created))) }
    if let modified { members.append(("modified", .int(modified))) }
    if !groups.isEmpty { members.append(("groups", .array(groups.map(JSONValue.string)))) }
    return .object(members)
  }

  /// Reads the canonical JSON back; nil when it is not that shape (a corrupt store).
  package init?(json: JSONValue) {
    guard case .object(let members) = json else { return nil }
    func member(_ name: String) -> JSONValue? { members.first { $0.0 == name }?.1 }
    guard case .string(let username)? = member("username"), case .object(let attrs)? = member("attributes") else { return nil }
    var attributes: [(String, String)] = []
    for (name, value) in attrs {
      guard case .string(let text) = value else { return nil }
      attributes.append((name, text))
    }
    func int(_ name: String) -> Int64? { if case .int(let v)? = member(name) { v } else { nil } }
    var enabled: Bool? = nil
    if case .bool(let b)? = member("enabled") { enabled = b }
    var status: String? = nil
    if case .string(let s)? = member("status") { status = s }
    self.init(username: username, attributes: attributes, enabled: enabled, status: status, created: int("created"), modified: int("modified"))
    if case .array(let groups)? = member("groups") {
      for case .string(let g) in groups { addGroup(g) }
    }
  }

  /// What changed from `old` to this version, as `name: old → new` parts (for a reviewer).
  package func changes(from old: PoolUser) -> [String] {
    var out: [String] = []
    if old.enabled != enabled { out.append("enabled: \(old.enabled.map(String.init) ?? "–") → \(enabled.map(String.init) ?? "–")") }
    if old.status != status { out.append("status: \(old.status ?? "–") → \(status ?? "–")") }
    var names = (old.attributes.map(\.name) + attributes.map(\.name))
    names = Array(Set(names)).sorted { UTF16Order.less($0, $1) }
    for name in names where old.attribute(name) != attribute(name) {
      out.append("\(name): \(old.attribute(name) ?? "–") → \(attribute(name) ?? "–")")
    }
    if old.groups != groups { out.append("groups: \(old.groups.joined(separator: ",")) → \(groups.joined(separator: ","))") }
    return out
  }
}
