import Crypto
import Foundation
import DDBAuditModel

/// Deterministic items for the seed tables, shaped like the product's real tables.
package enum SeedTables {
  /// The export time of the sample exports: 2026-11-20T06:00:00Z.
  package static let sampleExportTime: Int64 = 1_795_154_400_000
  static let day: Int64 = 86_400_000

  static let auditActions = ["LOGIN", "LOGOUT", "CREATE_API_KEY", "REVOKE_API_KEY", "UPDATE_PROFILE", "EXPORT_DATA", "CHANGE_PASSWORD"]
  static let ec2Actions = ["START_INSTANCE", "STOP_INSTANCE", "REBOOT_INSTANCE", "MODIFY_INSTANCE", "TERMINATE_INSTANCE"]
  static let eventTypes = ["user.login", "payment.succeeded", "payment.failed", "email.sent", "webhook.sent"]

  static func hex(_ rng: inout SplitMix64, _ n: Int) -> String {
    (0..<n).map { _ in String(rng.next() % 16, radix: 16) }.joined()
  }
  static func ip(_ rng: inout SplitMix64) -> String { "203.0.113.\(rng.int(1...254))" }
  static func iso(_ ms: Int64) -> String { Timestamp.iso8601(milliseconds: ms) }
  static func ttl(_ ms: Int64, days: Int64) -> AttributeValue { .n(ms / 1000 + days * 86_400) }

  /// One `audit_logs` record (unsealed) for `user` at `time`.
  package static func auditLog(user: String, time: Int64, rng: inout SplitMix64) -> Item {
    let action = rng.pick(auditActions)
    return Item([
      "user_id": .s(user),
      "timestamp#log_id": .s("\(iso(time))#log-\(hex(&rng, 12))"),
      "action": .s(action),
      "resource": .s(action.contains("API_KEY") ? "api_key/key-\(hex(&rng, 8))" : "user/\(user)"),
      "ip_address": .s(ip(&rng)),
      "user_agent": .s(rng.pick(["Mozilla/5.0", "curl/8.4.0", "ddb-sdk/2.1"])),
      "details": .map(Item(["method": .s(rng.pick(["POST", "PUT", "DELETE"])), "status_code": .n(rng.pick([200, 201, 204, 403]))])),
      "ttl": ttl(time, days: 2557),
    ])
  }

  /// `count` chained `audit_logs` records over `users` chains, oldest first within each chain.
  package static func auditLogs(count: Int, users: Int, end: Int64, spanDays: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    var sealer = ChainSealer()
    let perUser = max(1, count / users)
    var items: [Item] = []
    for u in 0..<users {
      let user = "user-\(String(format: "%04d", u + 1))"
      let start = end - spanDays * day
      let step = spanDays * day / Int64(perUser + 1)
      for k in 0..<(u == users - 1 ? count - perUser * (users - 1) : perUser) {
        let time = start + Int64(k + 1) * step + Int64(rng.int(0...59_999))
        items.append(sealer.seal(auditLog(user: user, time: time, rng: &rng), chain: user))
      }
    }
    return items
  }

  /// `count` chained `ec2-audit-logs` records, as in the spec's first vector.
  package static func ec2AuditLogs(count: Int, users: Int, end: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    var sealer = ChainSealer()
    var items: [Item] = []
    let perUser = count / users
    for u in 0..<users {
      let user = "cognito-\(hex(&rng, 8))-\(hex(&rng, 4))"
      let email = "admin\(u + 1)@example.com"
      var time = end - 120 * day + Int64(u) * 3_600_000
      for _ in 0..<(u == users - 1 ? count - perUser * (users - 1) : perUser) {
        time += Int64(rng.int(600_000...(2 * 86_400_000)))
        let item = Item([
          "userId": .s(user), "timestamp": .s(iso(time)), "action": .s(rng.pick(ec2Actions)),
          "resourceType": .s("EC2_INSTANCE"), "resourceId": .s("i-\(hex(&rng, 17))"), "userEmail": .s(email),
          "ipAddress": .s(ip(&rng)), "userAgent": .s("Mozilla/5.0"), "ttl": ttl(time, days: 2557),
          "details": .map(Item([
            "instanceType": .s(rng.pick(["t2.micro", "m5.large", "c6g.xlarge"])),
            "previousState": .s(rng.pick(["running", "stopped"])), "region": .s("us-east-1"),
          ])),
        ])
        items.append(sealer.seal(item, chain: user))
      }
    }
    return items
  }

  /// `count` items of the `events` table, all within the 30 days before `end`.
  package static func events(count: Int, end: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { k in
      let time = end - 29 * day + Int64(k) * (29 * day / Int64(count)) + Int64(rng.int(0...59_999))
      let type = rng.pick(eventTypes)
      let status = type == "payment.failed" ? "failed" : rng.pick(["processed", "processed", "processed", "pending"])
      let id = "evt-\(hex(&rng, 16))"
      return Item([
        "user_id": .s("user-\(String(format: "%04d", rng.int(1...40)))"),
        "timestamp#event_id": .s("\(iso(time))#\(id)"), "event_id": .s(id), "event_type": .s(type), "status": .s(status),
        "event_type#timestamp": .s("\(type)#\(iso(time))"), "status#timestamp": .s("\(status)#\(iso(time))"),
        "payload": .map(Item(["amount": .number("\(rng.int(1...999)).\(rng.int(10...99))"), "currency": .s("EUR")])),
        "ttl": ttl(time, days: 30),
      ])
    }
  }

  /// `count` API keys; key material is stored only as its SHA-256.
  package static func apiKeys(count: Int, end: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { k in
      let created = end - Int64(rng.int(1...700)) * day
      let status = k % 7 == 3 ? "disabled" : k % 11 == 5 ? "revoked" : "active"
      let secret = "sk_live_\(hex(&rng, 32))"
      // Keys written by the first key service (one in ten) carry the seed schema's
      // `api_key_hash`; later ones `key_hash`. Every key belongs to its user's account.
      var item = Item([
        "user_id": .s("user-\(String(format: "%04d", k % 40 + 1))"), "key_id": .s("key-\(hex(&rng, 10))"),
        k % 10 == 0 ? "api_key_hash" : "key_hash": .s(Array(SHA256.hash(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()),
        "account_id": .s(account(ofUser: k % 40 + 1)),
        "key_prefix": .s(String(secret.prefix(12))), "name": .s(rng.pick(["ci", "backend", "reporting", "zapier"])),
        "status": .s(status), "created_at": .s(iso(created)),
        "scopes": .stringSet(Array(Set([rng.pick(["read", "write"]), "read"])).sorted().map { Array($0.utf8) }),
      ])
      if status != "active" { item.set("ttl", ttl(end - Int64(rng.int(1...20)) * day, days: 60)) }
      return item
    }
  }

  /// The account a sample user belongs to: four users to an account, `acct-001` to `acct-010`.
  package static func account(ofUser n: Int) -> String { "acct-\(String(format: "%03d", (n - 1) / 4 + 1))" }

  /// `count` idempotency keys with a 24-hour TTL, each with its user's account (the GSI on
  /// `account_id` serves "this account's requests").
  package static func idempotencyKeys(count: Int, end: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { k in
      let created = end - Int64(k) * (20 * 3_600_000 / Int64(count)) - Int64(rng.int(0...59_999))
      let key = "idem-\(hex(&rng, 20))"
      let user = rng.int(1...40)
      return Item([
        "idempotency_key": .s(key), "user_id": .s("user-\(String(format: "%04d", user))"), "account_id": .s(account(ofUser: user)),
        "request_hash": .s(hex(&rng, 64)), "status": .s(k % 9 == 0 ? "IN_PROGRESS" : "COMPLETED"),
        "response": .map(Item(["status_code": .n(rng.pick([200, 201, 409])), "body": .s("{\"ok\":true}")])),
        "created_at": .s(iso(created)), "ttl": ttl(created, days: 1),
      ])
    }
  }

  /// `count` webhook deliveries: delivered, pending with a retry time, or failed.
  package static func webhookEvents(count: Int, end: Int64, seed: UInt64) -> [Item] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { k in
      let created = end - Int64(rng.int(1...(13 * 24))) * 3_600_000
      let status = k % 5 == 0 ? "pending" : k % 7 == 0 ? "failed" : "delivered"
      var item = Item([
        "webhook_id": .s("wh-\(hex(&rng, 16))"), "endpoint_url": .s("https://hooks.example.com/\(hex(&rng, 6))"),
        "event_type": .s(rng.pick(eventTypes)), "status": .s(status), "attempts": .n(status == "delivered" ? 1 : rng.int(1...6)),
        "created_at": .s(iso(created)), "ttl": ttl(created, days: 14),
      ])
      if status != "delivered" { item.set("next_retry_at", .s(iso(end + Int64(rng.int(1...48)) * 1_800_000))) }
      if status == "failed" { item.set("last_error", .s("HTTP 503 from endpoint")) }
      return item
    }
  }

  /// Writes `items` as one full export of `table` under `root`, spread over `files` data files.
  @discardableResult
  package static func writeExport(
    _ items: [Item], table: String, root: URL, exportTime: Int64 = sampleExportTime, files: Int = 2, seed: UInt64 = 1,
    folder: String = "exports"
  ) throws -> URL {
    let writer = try ExportWriter(
      root: root, prefix: "\(folder)/\(table)", table: table, exportTime: exportTime, fileCount: files,
      seed: table.utf8.reduce(seed) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    for (k, item) in items.enumerated() { try writer.add(item, file: partition(item, k, files)) }
    return try writer.finish()
  }

  /// Spreads items over data files by their partition key, as DynamoDB's partitions do.
  static func partition(_ item: Item, _ k: Int, _ files: Int) -> Int {
    guard let first = item.entries.first, case .string(let bytes) = first.value else { return k % files }
    return Int(bytes.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } % UInt32(files))
  }

  /// The sample exports of every seed table, as shipped in `Samples/exports`.
  package static func writeSamples(to root: URL) throws {
    let t = sampleExportTime
    try writeExport(sampleAuditLogs(), table: "audit_logs", root: root, files: 3)
    let mistakes = RetentionMistakes(exportTime: t)
    try writeExport(mistakes.ec2AuditLogs(ec2AuditLogs(count: 200, users: 5, end: t, seed: 12)), table: "ec2-audit-logs", root: root, files: 2)
    try writeExport(mistakes.events(events(count: 400, end: t, seed: 13)), table: "events", root: root, files: 3)
    try writeExport(mistakes.apiKeys(apiKeys(count: 200, end: t, seed: 14)), table: "api_keys", root: root, files: 1)
    try writeExport(mistakes.idempotencyKeys(idempotencyKeys(count: 200, end: t, seed: 15)), table: "idempotency_keys", root: root, files: 2)
    try writeExport(mistakes.webhookEvents(webhookEvents(count: 200, end: t, seed: 16)), table: "webhook_events", root: root, files: 2)
    try writeTamperedAuditExport(to: root)
    try writeItemLines(to: root)
    try FormatSamples(root: root.appendingPathComponent("formats")).write()
    try CognitoSamples(root: root.appendingPathComponent("cognito")).write()
  }

  /// `items/audit_logs.jsonl`: the first chain of the audit_logs sample as plain item lines,
  /// for `ddbaudit hash` and producers checking their own hashing.
  static func writeItemLines(to root: URL) throws {
    let folder = root.appendingPathComponent("items")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let lines = sampleAuditLogs().prefix(5).map { String(decoding: DynamoJSONEncoder.encode($0), as: UTF8.self) + "\n" }
    try Data(lines.joined().utf8).write(to: folder.appendingPathComponent("audit_logs.jsonl"))
  }

  /// The audit_logs sample's clean records, as `writeSamples` exports them.
  package static func sampleAuditLogs() -> [Item] {
    auditLogs(count: 300, users: 12, end: sampleExportTime - day, spanDays: 500, seed: 11)
  }

  /// The next day's export of audit_logs, in `Samples/tampered`: the chains grew, and
  /// someone tampered with it in ways `verify` must find:
  /// - user-0003: seq 5's ip_address edited and its hash recomputed (MODIFIED, BROKEN_LINK at seq 6)
  /// - user-0005: seq 10 deleted while its ttl is years away (MISSING)
  /// - user-0007: a record appended with a time 10 days back (BACKDATED, REORDERED)
  /// - user-0009: its last two records deleted (TRUNCATED_TAIL)
  package static func writeTamperedAuditExport(to root: URL) throws {
    let t = sampleExportTime + day
    var rng = SplitMix64(seed: 21)
    var byUser: [String: [Item]] = [:]
    var users: [String] = []
    for item in sampleAuditLogs() {
      let user = item["user_id"]!.stringValue!
      if byUser[user] == nil { users.append(user) }
      byUser[user, default: []].append(item)
    }
    func append(_ user: String, at time: Int64) {
      var chain = byUser[user]!
      var sealer = ChainSealer(resuming: user, after: chain.last!)
      chain.append(sealer.seal(auditLog(user: user, time: time, rng: &rng), chain: user))
      byUser[user] = chain
    }
    for (k, user) in users.enumerated() where k % 3 == 0 { append(user, at: t - 6 * 3_600_000 + Int64(k) * 60_000) }
    append("user-0007", at: t - 10 * day)
    var edited = byUser["user-0003"]![4]
    edited.set("ip_address", .s("198.51.100.66"))
    edited.remove("hash")
    edited.set("hash", .s(try RecordHash.compute(edited)))
    byUser["user-0003"]![4] = edited
    byUser["user-0005"]!.remove(at: 9)
    byUser["user-0009"]!.removeLast(2)
    try writeExport(users.flatMap { byUser[$0]! }, table: "audit_logs", root: root, exportTime: t, files: 3, folder: "tampered")
  }
}
