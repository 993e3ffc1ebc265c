import Foundation

/// A user pool and ec2-audit-logs records built for one access review test: pool snapshots
/// as `aws cognito-idp` writes them, records as JSON lines, a store, and the review's JSON.
package final class PoolScenario: @unchecked Sendable {
  package let dir = TemporaryDirectory("ddbaudit-pool")
  package var db: String { dir.file("store.sqlite").path }
  package static let pool = "us-east-1_TestPool1"
  private var snapshots = 0

  package init() {}

  /// One user of list-users output. `v1` writes CLI v1 dates (epoch seconds), else v2 (ISO).
  package struct User {
    package var username: String
    package var sub: String
    package var email: String
    package var role: String? = "admin"
    package var department: String? = "Platform"
    package var verified = true
    package var enabled = true
    package var status = "CONFIRMED"
    package var created = "2025-01-01T00:00:00Z"
    package var modified = "2025-01-01T00:00:00Z"
    package init(_ username: String, sub: String? = nil, email: String? = nil, role: String? = "admin") {
      self.username = username
      self.sub = sub ?? "sub-\(username)"
      self.email = email ?? "\(username)@example.com"
      self.role = role
    }

    package func json(v1: Bool) -> String {
      func date(_ iso: String) -> String {
        guard v1 else { return "\"\(iso.replacingOccurrences(of: "Z", with: ".000000+00:00"))\"" }
        let seconds = ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970
        return String(format: "%.3f", seconds)
      }
      var attributes = [("sub", sub), ("email", email), ("email_verified", verified ? "true" : "false"), ("given_name", "Given")]
      if let role { attributes.append(("custom:role", role)) }
      if let department { attributes.append(("custom:department", department)) }
      let list = attributes.map { "{\"Name\": \"\($0.0)\", \"Value\": \"\($0.1)\"}" }.joined(separator: ", ")
      return """
        {"Username": "\(username)", "Attributes": [\(list)], "UserCreateDate": \(date(created)), \
        "UserLastModifiedDate": \(date(modified)), "Enabled": \(enabled), "UserStatus": "\(status)"}
        """
    }
  }

  /// Writes a snapshot folder: `users.json` in `pages` pages, and `groups.json` naming the pool.
  @discardableResult
  package func snapshot(_ users: [User], v1: Bool = false, pages: Int = 1, separator: String = "\n") throws -> URL {
    snapshots += 1
    let folder = dir.file("snapshot-\(snapshots)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let per = max(1, (users.count + pages - 1) / pages)
    var chunks: [String] = []
    for start in stride(from: 0, to: max(users.count, 1), by: per) {
      let page = users[start..<min(start + per, users.count)].map { $0.json(v1: v1) }.joined(separator: ",\n")
      let token = start + per < users.count ? ", \"PaginationToken\": \"t\(start)\"" : ""
      chunks.append("{\"Users\": [\(page)]\(token)}")
    }
    try (chunks.joined(separator: separator) + "\n").write(to: folder.appendingPathComponent("users.json"), atomically: true, encoding: .utf8)
    try """
      {"Groups": [{"GroupName": "admins", "UserPoolId": "\(Self.pool)", "Precedence": 1}]}
      """.write(to: folder.appendingPathComponent("groups.json"), atomically: true, encoding: .utf8)
    return folder
  }

  /// ec2-audit-logs records: (sub, ISO time, action, userEmail).
  package func records(_ records: [(actor: String, time: String, action: String, email: String?)]) throws {
    let lines = records.enumerated().map { k, r in
      var members = [
        "\"userId\": {\"S\": \"\(r.actor)\"}", "\"timestamp\": {\"S\": \"\(r.time)\"}", "\"action\": {\"S\": \"\(r.action)\"}",
        "\"resourceId\": {\"S\": \"i-\(k)\"}",
      ]
      if let email = r.email { members.append("\"userEmail\": {\"S\": \"\(email)\"}") }
      return "{" + members.joined(separator: ", ") + "}"
    }
    let file = dir.file("records.jsonl")
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["import", file.path, "--table", "ec2-audit-logs", "--snapshot-time", "2026-11-20T00:00:00Z", "--db", db])
    guard result.status == 0 else { throw ScenarioError(message: "records import: \(result.stderr)") }
  }

  /// Imports a snapshot; the result, so that refusals can be tested.
  @discardableResult
  package func importPool(_ folder: URL, at time: String? = nil, extra: [String] = []) throws -> CLIResult {
    try CLI.run(["import", folder.path, "--db", db] + (time.map { ["--snapshot-time", $0] } ?? []) + extra)
  }

  /// Runs the access review over `period` as of `asOf` and returns its JSON.
  package func review(period: String = "2026-Q3", asOf: String = "2026-11-20T00:00:00Z", extra: [String] = []) throws -> Review {
    let out = dir.file("out-\(UUID().uuidString)").path
    let result = try CLI.run(
      ["report", "access-review", "--db", db, "--period", period, "--as-of", asOf, "--format", "json", "--output-dir", out] + extra)
    guard let name = try? FileManager.default.contentsOfDirectory(atPath: out).first(where: { $0.hasSuffix(".json") }) else {
      return Review(status: result.status, stderr: result.stderr, json: [:])
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent(name))
    return Review(status: result.status, stderr: result.stderr, json: try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
  }

  package struct Review: @unchecked Sendable {
    package var status: Int32
    package var stderr: String
    package var json: [String: Any]
    package var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
    package var codes: [String] { findings.compactMap { $0["code"] as? String } }
    package var rows: [[String: Any]] { json["rows"] as? [[String: Any]] ?? [] }
    package func row(_ username: String) -> [String: Any]? { rows.first { $0["username"] as? String == username } }
    /// The record times (the ec2 sort key) of the findings with `code`.
    package func times(_ code: String) -> [String] {
      findings.filter { $0["code"] as? String == code }.compactMap { ($0["key"] as? [String: Any])?["timestamp"] as? String }.sorted()
    }
  }

  package struct ScenarioError: Error {
    package var message: String
    package init(message: String) { self.message = message }
  }
}
