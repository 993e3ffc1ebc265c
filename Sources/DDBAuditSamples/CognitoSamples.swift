import Foundation
import DDBAuditModel

/// `Samples/cognito/`: two snapshots of the user pool behind the ec2-audit-logs and
/// audit_logs samples, one written by AWS CLI v1 (epoch-second dates), one by v2 (ISO 8601).
/// The story (docs/access-review.md, "The sample pool"):
///
/// - user-0001 (admin) moves from Platform to Security on 2026-08-10;
/// - user-0002 is `readonly` and still starts and stops instances: READONLY_WRITE_ACTION;
/// - user-0003 is disabled on 2026-08-20 and keeps acting: DISABLED_USER_ACTIVITY after it;
/// - user-0004's pool email is not the one its records carry: EMAIL_MISMATCH;
/// - user-0005 is deleted by the 2026-09-01 snapshot and its id still acts: UNKNOWN_ACTOR;
/// - user-0012 acts in audit_logs but was never in the pool: UNKNOWN_ACTOR;
/// - user-0013, an admin, never acts and never verified its email: DORMANT_PRIVILEGED_USER,
///   UNVERIFIED_EMAIL; user-0014 has no role (ROLE_MISSING), user-0015 "superuser" (ROLE_INVALID).
package struct CognitoSamples {
  package static let pool = "us-east-1_Ex4mpLe01"
  static let day: Int64 = 86_400_000
  let root: URL

  package init(root: URL) { self.root = root }

  struct Person {
    var username: String
    var sub: String
    var email: String
    var given: String
    var family: String
    var role: String?
    var department: String?
    var verified = true
    var created: Int64
    var modified: Int64
    var enabled = true
    var status = "CONFIRMED"
    var groups: [String] = []
  }

  /// The ec2-audit-logs sample's actors, in the order of their emails (admin1…admin5).
  static func ec2Subs() -> [String] {
    let items = SeedTables.ec2AuditLogs(count: 200, users: 5, end: SeedTables.sampleExportTime, seed: 12)
    var subs: [(String, String)] = []
    for item in items {
      guard let sub = item["userId"]?.stringValue, let email = item["userEmail"]?.stringValue else { continue }
      if !subs.contains(where: { $0.0 == sub }) { subs.append((sub, email)) }
    }
    return subs.sorted { $0.1 < $1.1 }.map(\.0)
  }

  func people() -> [Person] {
    let t = { (iso: String) in Timestamp.parseISO8601(iso)! }
    let subs = Self.ec2Subs()
    var rng = SplitMix64(seed: 17)
    let names = [
      ("Ada", "Okafor"), ("Ben", "Lindqvist"), ("Chen", "Wei"), ("Dara", "Murphy"), ("Eli", "Haddad"), ("Fatima", "Zahra"),
      ("Goran", "Petrov"), ("Hana", "Sato"), ("Ines", "Costa"), ("Jonas", "Berg"), ("Kemal", "Aydin"), ("Lena", "Vogel"),
      ("Mira", "Novak"), ("Nils", "Ek"), ("Omar", "Farouk"), ("Pia", "Rossi"),
    ]
    let departments = ["Platform", "Finance", "Operations", "Security", "Support"]
    var out: [Person] = []
    for k in 1...16 {
      let username = "user-" + String(format: "%04d", k)
      let sub = k <= 5 ? subs[k - 1] : "\(SeedTables.hex(&rng, 8))-\(SeedTables.hex(&rng, 4))-4\(SeedTables.hex(&rng, 3))-a\(SeedTables.hex(&rng, 3))-\(SeedTables.hex(&rng, 12))"
      let created = t("2025-06-01T09:00:00Z") + Int64(k) * 3_600_000
      var p = Person(
        username: username, sub: sub, email: k <= 5 ? "admin\(k)@example.com" : "\(username)@example.com",
        given: names[k - 1].0, family: names[k - 1].1, role: k == 2 || k == 16 ? "readonly" : "admin",
        department: departments[k % departments.count], created: created, modified: created)
      switch k {
      case 1: p.department = "Platform"
      case 4: p.email = "ops4@example.com"
      case 13:
        p.verified = false
        p.created = t("2025-01-10T12:00:00Z")
        p.modified = p.created
      case 14: p.role = nil
      case 15: p.role = "superuser"
      case 16: p.status = "FORCE_CHANGE_PASSWORD"
      default: break
      }
      p.groups = p.role == "admin" ? ["admins"] : p.role == "readonly" ? ["readers"] : []
      out.append(p)
    }
    return out
  }

  package func write() throws {
    let first = people().filter { $0.username != "user-0012" }
    var second = first.filter { $0.username != "user-0005" }
    for k in second.indices {
      switch second[k].username {
      case "user-0001":
        second[k].department = "Security"
        second[k].modified = Timestamp.parseISO8601("2026-08-10T14:30:00Z")!
      case "user-0003":
        second[k].enabled = false
        second[k].modified = Timestamp.parseISO8601("2026-08-20T09:00:00Z")!
      default: break
      }
    }
    try writeSnapshot(first, folder: "2026-07-01", isoDates: false)
    try writeSnapshot(second, folder: "2026-09-01", isoDates: true)
  }

  private func writeSnapshot(_ people: [Person], folder: String, isoDates: Bool) throws {
    let dir = root.appendingPathComponent(folder)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("groups-for-user"), withIntermediateDirectories: true)
    func date(_ ms: Int64) -> JSONValue {
      // CLI v1 writes botocore's float seconds; v2 an ISO 8601 time with microseconds and an offset.
      if !isoDates { return .number(String(format: "%lld.%03lld", ms / 1000, ms % 1000)) }
      let iso = Timestamp.iso8601(milliseconds: ms)  // 2026-08-10T14:30:00.000Z
      return .string(String(iso.dropLast()) + "000+00:00")
    }
    func user(_ p: Person) -> JSONValue {
      var attributes: [(String, String)] = [("sub", p.sub), ("email", p.email), ("email_verified", p.verified ? "true" : "false")]
      attributes += [("given_name", p.given), ("family_name", p.family)]
      if let role = p.role { attributes.append(("custom:role", role)) }
      if let department = p.department { attributes.append(("custom:department", department)) }
      return .object([
        ("Username", .string(p.username)),
        ("Attributes", .array(attributes.map { .object([("Name", .string($0.0)), ("Value", .string($0.1))]) })),
        ("UserCreateDate", date(p.created)), ("UserLastModifiedDate", date(p.modified)),
        ("Enabled", .bool(p.enabled)), ("UserStatus", .string(p.status)),
      ])
    }
    // Two pages, appended as `aws cognito-idp list-users` writes them with --max-items.
    let half = (people.count + 1) / 2
    let pages: [JSONValue] = [
      .object([("Users", .array(people.prefix(half).map(user))), ("PaginationToken", .string("eyJwYWdlIjoyfQ=="))]),
      .object([("Users", .array(people.dropFirst(half).map(user)))]),
    ]
    try write(pages.map { $0.text(pretty: true) }.joined(separator: "\n"), dir.appendingPathComponent("users.json"))
    func group(_ name: String, _ description: String) -> JSONValue {
      .object([
        ("GroupName", .string(name)), ("UserPoolId", .string(Self.pool)), ("Description", .string(description)),
        ("LastModifiedDate", date(Timestamp.parseISO8601("2025-05-01T00:00:00Z")!)),
        ("CreationDate", date(Timestamp.parseISO8601("2025-05-01T00:00:00Z")!)),
      ])
    }
    let groups = ["admins": group("admins", "Operators who may change instances"), "readers": group("readers", "Read-only access")]
    try write(JSONValue.object([("Groups", .array([groups["admins"]!, groups["readers"]!]))]).text(pretty: true), dir.appendingPathComponent("groups.json"))
    for p in people.prefix(3) {
      let file = dir.appendingPathComponent("groups-for-user/\(p.username).json")
      try write(JSONValue.object([("Groups", .array(p.groups.map { groups[$0]! }))]).text(pretty: true), file)
    }
  }

  private func write(_ text: String, _ url: URL) throws { try Data((text + "\n").utf8).write(to: url) }
}
