import Crypto
import Foundation
import Testing
import DDBAuditModel
import TestSupport

/// The access review (docs/access-review.md): each code on a fixture built for it, the two
/// CLI date forms, pagination, history, and refusals that leave the store as it was.
@Suite struct AccessReviewTests {
  typealias User = PoolScenario.User

  /// A pool of two users and a readonly one, with a snapshot on 2026-07-01, and records.
  static func scenario(
    _ users: [User], records: [(String, String, String, String?)], at time: String = "2026-07-01T00:00:00Z"
  ) throws -> PoolScenario {
    let s = PoolScenario()
    try s.records(records.map { (actor: $0.0, time: $0.1, action: $0.2, email: $0.3) })
    let imported = try s.importPool(try s.snapshot(users), at: time)
    guard imported.status == 0 else { throw PoolScenario.ScenarioError(message: imported.stderr) }
    return s
  }

  static let clean = User("alice")

  /// Every access review code, on a fixture that raises it and nothing else.
  static let fixtures: [(code: String, users: [User], records: [(String, String, String, String?)])] = {
    var readonly = User("rob", role: "readonly")
    readonly.department = "Finance"
    var disabled = User("dave")
    disabled.enabled = false
    var unverified = User("uma")
    unverified.verified = false
    var roleless = User("nora", role: nil)
    var invalid = User("ivan", role: "superuser")
    _ = (roleless, invalid)
    roleless.department = nil
    invalid.department = "Ops"
    let active = ("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", "alice@example.com")
    return [
      ("READONLY_WRITE_ACTION", [clean, readonly], [active, ("sub-rob", "2026-09-01T00:00:00Z", "STOP_INSTANCE", "rob@example.com")]),
      ("UNKNOWN_ACTOR", [clean], [active, ("sub-mallory", "2026-09-01T00:00:00Z", "LOGIN", nil)]),
      ("DISABLED_USER_ACTIVITY", [clean, disabled], [active, ("sub-dave", "2026-09-01T00:00:00Z", "LOGIN", "dave@example.com")]),
      ("EMAIL_MISMATCH", [clean], [active, ("sub-alice", "2026-09-02T00:00:00Z", "LOGIN", "ALICE@evil.example")]),
      ("ROLE_MISSING", [clean, roleless], [active]),
      ("ROLE_INVALID", [clean, invalid], [active]),
      ("DORMANT_PRIVILEGED_USER", [clean, User("zed")], [active]),
      ("UNVERIFIED_EMAIL", [clean, unverified], [active, ("sub-uma", "2026-09-20T00:00:00Z", "LOGIN", "uma@example.com")]),
    ]
  }()

  @Test func everyCodeHasAFixture() {
    #expect(Set(Self.fixtures.map(\.code)) == Set(FindingCode.accessReviewCodes.map(\.rawValue)))
  }

  @Test(arguments: fixtures.indices) func eachCodeOnItsFixture(_ k: Int) throws {
    let fixture = Self.fixtures[k]
    let review = try Self.scenario(fixture.users, records: fixture.records).review()
    #expect(review.status == 0, "\(review.stderr)")
    #expect(Set(review.codes) == [fixture.code], "\(fixture.code): \(review.findings)")
  }

  @Test func aCleanPoolGivesNoFindingsAndFailOnPasses() throws {
    let s = try Self.scenario([Self.clean], records: [("sub-alice", "2026-09-15T00:00:00Z", "START_INSTANCE", "alice@example.com")])
    let review = try s.review(extra: ["--fail-on", "warning"])
    #expect(review.status == 0 && review.codes.isEmpty, "\(review.findings)")
    #expect(review.row("alice")?["records"] as? Int == 1 && review.row("alice")?["writes"] as? Int == 1)
  }

  @Test func failOnExitsOneAfterWritingTheFiles() throws {
    let s = try Self.scenario(
      [Self.clean], records: [("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil), ("sub-ghost", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    #expect(try s.review().status == 0)
    let failing = try s.review(extra: ["--fail-on", "critical"])
    #expect(failing.status == 1 && failing.codes == ["UNKNOWN_ACTOR"])
  }

  @Test func bothCLIDateFormsReadTheSameUsers() throws {
    var user = User("alice")
    user.created = "2025-03-04T05:06:07Z"
    user.modified = "2026-02-03T04:05:06Z"
    var rows: [[String: Any]] = []
    for v1 in [true, false] {
      let s = PoolScenario()
      try s.records([("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil)])
      let imported = try s.importPool(try s.snapshot([user], v1: v1))
      #expect(imported.status == 0, "\(imported.stderr)")
      // No --snapshot-time: the snapshot is dated by its newest user date.
      #expect(imported.stdout.contains("snapshot 2026-02-03T04:05:06.000Z"), "\(imported.stdout)")
      rows.append(try s.review().row("alice") ?? [:])
    }
    #expect(rows[0]["created"] as? String == "2025-03-04T05:06:07.000Z")
    #expect(NSDictionary(dictionary: rows[0]) == NSDictionary(dictionary: rows[1]))
  }

  @Test(arguments: ["\n", "", "\r\n"]) func appendedPagesAreAllRead(_ separator: String) throws {
    let users = (1...7).map { User("user-\($0)") }
    let s = PoolScenario()
    try s.records([("sub-user-1", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    let imported = try s.importPool(try s.snapshot(users, pages: 3, separator: separator), at: "2026-07-01T00:00:00Z")
    #expect(imported.status == 0 && imported.stdout.contains("7 users"), "\(imported.stdout)\(imported.stderr)")
    #expect(try s.review().rows.count == 7)
  }

  @Test func aFileWithAByteOrderMarkAndCRLFImports() throws {
    let s = PoolScenario()
    try s.records([("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    let folder = try s.snapshot([Self.clean])
    let file = folder.appendingPathComponent("users.json")
    let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
    try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: file)
    #expect(try s.importPool(folder, at: "2026-07-01T00:00:00Z").status == 0)
    #expect(try s.review().row("alice") != nil)
  }

  @Test func aDepartmentChangeMidPeriodIsDatedAndTheNewestShown() throws {
    let s = PoolScenario()
    try s.records([("sub-alice", "2026-08-01T00:00:00Z", "LOGIN", nil), ("sub-alice", "2026-09-20T00:00:00Z", "LOGIN", nil)])
    try s.importPool(try s.snapshot([Self.clean]), at: "2026-07-01T00:00:00Z")
    var moved = Self.clean
    moved.department = "Security"
    moved.modified = "2026-08-15T10:00:00Z"
    let second = try s.importPool(try s.snapshot([moved]), at: "2026-09-01T00:00:00Z")
    #expect(second.stdout.contains("1 changed"), "\(second.stdout)")
    let row = try s.review().row("alice")
    #expect(row?["department"] as? String == "Security")
    #expect(row?["changes"] as? String == "2026-08-15 custom:department: Platform → Security")
    // Before the change, the review of July and August shows the old department.
    #expect(try s.review(period: "2026-07").row("alice")?["department"] as? String == "Platform")
  }

  @Test func aDisabledUserActingBeforeAndAfterDisabling() throws {
    let s = PoolScenario()
    let times = ["2026-08-01T00:00:00Z", "2026-08-19T23:59:59Z", "2026-08-20T09:00:00Z", "2026-08-25T00:00:00Z", "2026-09-10T00:00:00Z"]
    try s.records(times.map { ("sub-dave", $0, "START_INSTANCE", nil) } + [("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    let dave = User("dave")
    try s.importPool(try s.snapshot([Self.clean, dave]), at: "2026-07-01T00:00:00Z")
    var disabled = dave
    disabled.enabled = false
    disabled.modified = "2026-08-20T09:00:00Z"
    #expect(try s.importPool(try s.snapshot([Self.clean, disabled]), at: "2026-09-01T00:00:00Z").status == 0)
    let review = try s.review()
    #expect(review.times("DISABLED_USER_ACTIVITY") == times.suffix(3).map { $0.replacingOccurrences(of: "Z", with: "") + "Z" })
    #expect(review.row("dave")?["status"] as? String == "DISABLED")
    #expect(Set(review.codes) == ["DISABLED_USER_ACTIVITY"])
  }

  @Test func aDeletedUserStillActingIsUnknownFromTheSnapshotThatLacksIt() throws {
    let s = PoolScenario()
    try s.records([("sub-bob", "2026-08-01T00:00:00Z", "LOGIN", nil), ("sub-bob", "2026-09-02T00:00:00Z", "LOGIN", nil),
                   ("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    try s.importPool(try s.snapshot([Self.clean, User("bob")]), at: "2026-07-01T00:00:00Z")
    let second = try s.importPool(try s.snapshot([Self.clean]), at: "2026-09-01T00:00:00Z")
    #expect(second.stdout.contains("1 gone"))
    let review = try s.review()
    #expect(review.times("UNKNOWN_ACTOR") == ["2026-09-02T00:00:00Z"])
    #expect(review.row("bob")?["status"] as? String == "DELETED")
  }

  @Test func theSamplePoolCarriesEveryCode() throws {
    let s = PoolScenario()
    #expect(try CLI.run(["import", RepoPaths.samples.appendingPathComponent("exports").path, "--db", s.db]).status == 0)
    for (folder, time) in [("2026-07-01", "2026-07-01T00:00:00Z"), ("2026-09-01", "2026-09-01T00:00:00Z")] {
      let result = try s.importPool(RepoPaths.samples.appendingPathComponent("cognito/\(folder)"), at: time)
      #expect(result.status == 0, "\(result.stderr)")
    }
    let review = try s.review(asOf: "2026-11-20T06:00:00Z")
    #expect(Set(review.codes) == Set(FindingCode.accessReviewCodes.map(\.rawValue)))
    #expect(review.row("user-0003")?["groups"] as? String == "admins")
    #expect(review.row("user-0001")?["changes"] as? String == "2026-08-10 custom:department: Platform → Security")

    // The CSV and JSON are byte-identical run to run, and match the golden files.
    var runs: [[String: Data]] = []
    for k in 0..<2 {
      let out = s.dir.file("golden-\(k)")
      let result = try CLI.run([
        "report", "access-review", "--db", s.db, "--period", "2026-Q3", "--as-of", "2026-11-20T06:00:00Z", "--format", "csv,json",
        "--output-dir", out.path,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      var files: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: out.path) { files[name] = try Data(contentsOf: out.appendingPathComponent(name)) }
      runs.append(files)
    }
    #expect(runs[0] == runs[1])
    let golden = RepoPaths.fixtures.appendingPathComponent("golden")
    for name in ["access-review_2026-07-01_2026-10-01.csv", "access-review_2026-07-01_2026-10-01.json"] {
      let expected = golden.appendingPathComponent(name)
      if ProcessInfo.processInfo.environment["DDBAUDIT_UPDATE_GOLDEN"] == "1" { try runs[0][name]?.write(to: expected) }
      #expect(runs[0][name] == (try? Data(contentsOf: expected)), "\(name) differs from Tests/Fixtures/golden; rerun with DDBAUDIT_UPDATE_GOLDEN=1 if intended")
    }
  }

  /// Each malformed pool file is refused with exit 2, naming the file and line, and the
  /// store is byte for byte what it was.
  @Test(arguments: [
    ("{\"Users\": [{\"Username\": \"a\", \"Attributes\": [}]}", "users.json:1"),
    ("{\"Users\": [{\"Attributes\": []}]}", "no \"Username\""),
    ("{\"Users\": [\n{\"Username\": \"a\", \"UserCreateDate\": \"yesterday\"}]}", "users.json:2"),
    ("{\"Users\": [{\"Username\": \"a\", \"Attributes\": {\"Name\": \"sub\"}}]}", "not an array"),
    ("{\"Users\": [{\"Username\": \"a\", \"Enabled\": \"yes\"}]}", "\"Enabled\""),
    ("{\"Users\": [{\"Username\": \"a\"}, {\"Username\": \"a\", \"Enabled\": false}]}", "appears twice"),
    ("{\"Users\": [{\"Username\": \"a\"}]}\n{\"Items\": []}", "users.json:2"),
    ("{\"Users\": [{\"Username\": \"a\", \"Attributes\": [{\"Name\": \"sub\", \"Value\": \"x\"}, {\"Name\": \"sub\", \"Value\": \"y\"}]}]}", "twice"),
  ]) func malformedPoolFilesAreRefusedWithTheStoreUnchanged(_ text: String, _ says: String) throws {
    let s = PoolScenario()
    try s.records([("sub-alice", "2026-09-15T00:00:00Z", "LOGIN", nil)])
    try s.importPool(try s.snapshot([Self.clean]), at: "2026-07-01T00:00:00Z")
    let before = try Data(contentsOf: URL(fileURLWithPath: s.db))
    let folder = try s.snapshot([Self.clean])
    try text.write(to: folder.appendingPathComponent("users.json"), atomically: true, encoding: .utf8)
    let refused = try s.importPool(folder, at: "2026-09-01T00:00:00Z")
    #expect(refused.status == 2, "\(refused.stdout)")
    #expect(refused.stderr.contains(says) && refused.stderr.contains("users.json"), "\(refused.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: s.db)) == before)
  }

  @Test func anOlderSnapshotAfterANewerOneIsRefused() throws {
    let s = PoolScenario()
    try s.importPool(try s.snapshot([Self.clean]), at: "2026-09-01T00:00:00Z")
    let before = try Data(contentsOf: URL(fileURLWithPath: s.db))
    var changed = Self.clean
    changed.department = "Other"
    let refused = try s.importPool(try s.snapshot([changed]), at: "2026-08-01T00:00:00Z")
    #expect(refused.status == 2 && refused.stderr.contains("oldest first"), "\(refused.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: s.db)) == before)
  }

  @Test func aPoolWithoutAnIdNeedsUserPool() throws {
    let s = PoolScenario()
    let folder = try s.snapshot([Self.clean])
    try FileManager.default.removeItem(at: folder.appendingPathComponent("groups.json"))
    let refused = try s.importPool(folder, at: "2026-07-01T00:00:00Z")
    #expect(refused.status != 0 && refused.stderr.contains("--user-pool"))
    #expect(!FileManager.default.fileExists(atPath: s.db))
    #expect(try s.importPool(folder, at: "2026-07-01T00:00:00Z", extra: ["--user-pool", "eu-west-1_Other"]).status == 0)
  }

  @Test func aSingleAdminGetUserFileImports() throws {
    let s = PoolScenario()
    let file = s.dir.file("alice.json")
    let json = Self.clean.json(v1: false).replacingOccurrences(of: "\"Attributes\"", with: "\"UserAttributes\"")
    try json.write(to: file, atomically: true, encoding: .utf8)
    let result = try s.importPool(file, at: "2026-07-01T00:00:00Z", extra: ["--user-pool", PoolScenario.pool])
    #expect(result.status == 0 && result.stdout.contains("1 users"), "\(result.stderr)")
  }

  @Test func aDynamoDBItemWithAUsernameAttributeIsStillJSONLines() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    try "{\"Username\": {\"S\": \"a\"}, \"id\": {\"S\": \"1\"}}\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["import", file.path, "--table", "people", "--key", "id", "--db", dir.file("s.sqlite").path])
    #expect(result.status == 0 && result.stdout.contains("imported  people"), "\(result.stdout)\(result.stderr)")
  }
}

/// The nightly job imports a folder of dated user pool snapshots and runs the review.
@Suite struct NightlyAccessReviewTests {
  @Test func theRunImportsNewSnapshotsOldestFirstAndWritesTheReview() throws {
    let dir = TemporaryDirectory()
    let config = dir.file("nightly.json")
    let object: [String: Any] = [
      "db": "store.sqlite", "imports": [RepoPaths.samples.appendingPathComponent("exports").path], "reports": ["access-review"],
      "formats": ["json"], "outputDir": "out", "period": "2026-Q3",
      "userPoolSnapshots": RepoPaths.samples.appendingPathComponent("cognito").path,
    ]
    try JSONSerialization.data(withJSONObject: object).write(to: config)
    let first = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-20T06:00:00Z", "--exit-zero"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("user pool: 2 new snapshots, 0 already in the store"), "\(first.stderr)")
    let report = dir.file("out/2026-11-20/access-review_2026-11-20.json")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
    let codes = Set((json?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
    #expect(codes == Set(FindingCode.accessReviewCodes.map(\.rawValue)))
    let second = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-20T06:00:00Z", "--exit-zero"])
    #expect(second.stderr.contains("user pool: 0 new snapshots, 2 already in the store"), "\(second.stderr)")
  }

  @Test func aSnapshotFolderNotNamedByItsTimeIsRefused() throws {
    let dir = TemporaryDirectory()
    let pools = dir.file("pools")
    try FileManager.default.createDirectory(at: pools.appendingPathComponent("latest"), withIntermediateDirectories: true)
    let object: [String: Any] = ["db": "store.sqlite", "imports": [RepoPaths.samples.appendingPathComponent("exports/audit_logs").path],
                                 "outputDir": "out", "userPoolSnapshots": pools.path]
    try JSONSerialization.data(withJSONObject: object).write(to: dir.file("nightly.json"))
    let result = try CLI.run(["run", "--config", dir.file("nightly.json").path, "--as-of", "2026-11-21T06:00:00Z"])
    #expect(result.status == 2 && result.stderr.contains("named by when it was taken"), "\(result.stderr)")
  }

  @Test func aPoolSnapshotAmongTableExportsIsAClearUsageError() throws {
    let dir = TemporaryDirectory()
    let result = try CLI.run([
      "import", RepoPaths.samples.appendingPathComponent("exports/audit_logs").path,
      RepoPaths.samples.appendingPathComponent("cognito/2026-07-01").path, "--db", dir.file("s.sqlite").path,
    ])
    #expect(result.status == 64 && result.stderr.contains("on its own"), "\(result.stderr)")
  }
}
