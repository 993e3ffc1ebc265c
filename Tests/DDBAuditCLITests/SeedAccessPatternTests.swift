import Foundation
import Testing
import TestSupport

/// The seed tables' documented access patterns are served by an index: idempotency keys by
/// account, API keys by their hash (under either of its names) and by account.
@Suite struct SeedAccessPatternTests {
  @Test func idempotencyKeysByAccountUseTheIndex() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let result = try CLI.run(["query", "--db", db, "--table", "idempotency_keys", "--where", "account_id=acct-003", "--explain", "--format", "jsonl"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("USING INDEX items_by_ix1 (table_id=? AND ix1=?)"), "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n")
    #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("\"account_id\":\"acct-003\"") })
  }

  @Test func apiKeysByEitherHashNameAndByAccount() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let all = try CLI.run(["query", "--db", db, "--table", "api_keys", "--format", "jsonl"]).stdout.split(separator: "\n")
    let legacy = try #require(all.first { $0.contains("\"api_key_hash\"") }, "the samples carry the seed's api_key_hash")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(legacy.utf8)) as? [String: Any])
    let hash = try #require(object["api_key_hash"] as? String)
    for name in ["key_hash", "api_key_hash"] {
      let found = try CLI.run(["query", "--db", db, "--table", "api_keys", "--where", "\(name)=\(hash)", "--explain", "--format", "jsonl"])
      #expect(found.stderr.contains("USING INDEX items_by_ix1"), "\(name): \(found.stderr)")
      #expect(found.stdout.split(separator: "\n").count == 1 && found.stdout.contains(hash), "\(name)")
    }
    let account = try CLI.run(["query", "--db", db, "--table", "api_keys", "--where", "account_id=acct-001", "--explain", "--format", "jsonl"])
    #expect(account.stderr.contains("USING INDEX items_by_ix2"), "\(account.stderr)")
    #expect(account.stdout.split(separator: "\n").count == 20, "four users of 200 keys over 40 users")
    // A key stored under api_key_hash is hashed, not KEY_NOT_HASHED.
    let retention = try CLI.run(["retention", "--db", db, "--table", "api_keys", "--format", "json", "--exit-zero", "--as-of", "2026-11-21"])
    let findings = (try JSONSerialization.jsonObject(with: Data(retention.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    let unhashed = findings.filter { $0["code"] as? String == "KEY_NOT_HASHED" }
    #expect(unhashed.count == 1, "only the sample's plaintext key: \(unhashed)")
  }

  @Test func theApiKeysReportGroupsByAccountWhenItemsCarryOne() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let result = try CLI.run(["report", "api-keys", "--db", db, "--format", "json", "--as-of", "2026-11-21", "--output-dir", dir.path])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("api-keys_asof_2026-11-21.json"))) as? [String: Any])
    let groups = ((report["summary"] as? [String: Any])?["groups"] as? [[String: Any]]) ?? []
    let titles = groups.compactMap { $0["title"] as? String }
    #expect(titles.contains("By account") && titles.contains("By account and status"), "\(titles)")
    // Keys without an account: the account groups are left out, the others stay.
    let scan = dir.file("keys.jsonl")
    try #"{"Item": {"user_id": {"S": "u-1"}, "key_id": {"S": "k-1"}, "status": {"S": "active"}, "created_at": {"S": "2026-11-01T00:00:00Z"}, "key_hash": {"S": "0000000000000000000000000000000000000000000000000000000000000000"}}}"#
      .write(to: scan, atomically: true, encoding: .utf8)
    let bare = dir.file("bare.sqlite").path
    #expect(try CLI.run(["import", scan.path, "--table", "api_keys", "--input-format", "jsonl", "--db", bare]).status == 0)
    let out = dir.file("bare")
    #expect(try CLI.run(["report", "api-keys", "--db", bare, "--format", "json", "--as-of", "2026-11-21", "--output-dir", out.path]).status == 0)
    let bareReport = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("api-keys_asof_2026-11-21.json"))) as? [String: Any])
    let bareTitles = (((bareReport["summary"] as? [String: Any])?["groups"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
    #expect(bareTitles == ["By status", "By status and age (days)"], "\(bareTitles)")
  }
}
