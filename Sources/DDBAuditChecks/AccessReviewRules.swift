import DDBAuditModel

/// What an access review judges by: the role attribute and its values, which roles are
/// read-only or privileged, which actions are writes, and how long a privileged user may
/// stay idle. A report definition's `review` member (docs/access-review.md).
package struct AccessReviewRules: Sendable, Decodable {
  /// The user pool attribute that holds the role.
  package var roleAttribute = "custom:role"
  /// Every valid role; any other value is `ROLE_INVALID`.
  package var roles = ["admin", "readonly"]
  /// Roles that may not write: a write by one of them is `READONLY_WRITE_ACTION`.
  package var readOnlyRoles = ["readonly"]
  /// Roles whose idleness (`DORMANT_PRIVILEGED_USER`) and unverified email matter.
  package var privilegedRoles = ["admin"]
  /// Actions that change something: exact names, or patterns with `*` (`DELETE_*`).
  package var writeActions: [String] = []
  /// A privileged user with no activity in this many days before --as-of is dormant.
  package var dormantDays = 90

  package init() {}

  enum CodingKeys: String, CodingKey, CaseIterable { case roleAttribute, roles, readOnlyRoles, privilegedRoles, writeActions, dormantDays }

  package init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    roleAttribute = try c.decodeIfPresent(String.self, forKey: .roleAttribute) ?? roleAttribute
    roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? roles
    readOnlyRoles = try c.decodeIfPresent([String].self, forKey: .readOnlyRoles) ?? readOnlyRoles
    privilegedRoles = try c.decodeIfPresent([String].self, forKey: .privilegedRoles) ?? privilegedRoles
    writeActions = try c.decodeIfPresent([String].self, forKey: .writeActions) ?? []
    dormantDays = try c.decodeIfPresent(Int.self, forKey: .dormantDays) ?? dormantDays
  }

  /// What is wrong with the rules, if anything.
  package func problem() -> String? {
    if !(1...36_500).contains(dormantDays) { return "review.dormantDays must be 1 to 36500" }
    for role in readOnlyRoles + privilegedRoles where !roles.contains(role) {
      return "review: role \"\(role)\" is not one of review.roles"
    }
    if roleAttribute.isEmpty { return "review.roleAttribute is empty" }
    return nil
  }

  /// Whether `action` is a write.
  package func isWrite(_ action: String) -> Bool { WriteClasses(self).isWrite(action) }

  func role(of user: PoolUser) -> String? { user.attribute(roleAttribute) }
  func isPrivileged(_ user: PoolUser) -> Bool { role(of: user).map(privilegedRoles.contains) ?? false }
}

/// `writeActions` split once into exact names and `*` patterns: the review asks per record.
struct WriteClasses {
  let exact: Set<[UInt8]>
  let patterns: [String]

  init(_ rules: AccessReviewRules) {
    exact = Set(rules.writeActions.filter { !$0.utf8.contains(UInt8(ascii: "*")) }.map { Array($0.utf8) })
    patterns = rules.writeActions.filter { $0.utf8.contains(UInt8(ascii: "*")) }
  }

  func isWrite(_ action: String) -> Bool {
    exact.contains(Array(action.utf8)) || patterns.contains { Glob.matches(pattern: $0, action) }
  }
}
