import DDBAuditSamples
import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditChecks
@testable import DDBAuditFiles
@testable import DDBAuditStore
@testable import DDBAuditImport
@testable import DDBAuditReports
@testable import DDBAuditNightly


/// One item's verdict under a built-in profile, judged at a fixed as-of and export time.
private func judge(
  _ profile: TableProfile, ttl: AttributeValue?, recordTime: String? = "2026-01-15T10:00:00Z",
  asOf: String = "2026-11-21T00:00:00Z", seenAt: String = "2026-11-20T06:00:00Z", status: String? = nil,
  keyHash: AttributeValue? = .s(String(repeating: "ab", count: 32))
) -> RetentionVerdict {
  let rules = RetentionRules(profile: profile, asOf: Timestamp.parseISO8601(asOf)!, seenAt: Timestamp.parseISO8601(seenAt)!)
  return rules.judge(
    RetentionSubject(
      ttl: ttl, recordTime: recordTime.flatMap(Timestamp.parseISO8601), status: status.map { .s($0) }, keyHash: keyHash))
}

private func seconds(_ iso: String) -> AttributeValue { .n(Timestamp.parseISO8601(iso)! / 1000) }

@Suite struct RetentionRuleTests {
  let audit = BuiltinProfiles.auditLogs
  let events = BuiltinProfiles.events

  @Test func leapDayRecordsMustLastUntilFirstOfMarch() {
    // Created 2020-02-29; 7 calendar years later is 2027-03-01 (no 29 February in 2027).
    let created = "2020-02-29T00:00:00Z"
    #expect(Timestamp.adding(years: 7, to: Timestamp.parseISO8601(created)!) == Timestamp.parseISO8601("2027-03-01T00:00:00Z"))
    let short = judge(audit, ttl: seconds("2027-02-28T23:59:59Z"), recordTime: created, asOf: "2027-02-01T00:00:00Z", seenAt: "2027-01-01T00:00:00Z")
    #expect(short.code == .ttlTooShort)
    #expect(short.detail.contains("short by 1 s"), "\(short.detail)")
    let exact = judge(audit, ttl: seconds("2027-03-01T00:00:00Z"), recordTime: created, asOf: "2027-02-01T00:00:00Z", seenAt: "2027-01-01T00:00:00Z")
    #expect(exact.code == nil)
  }

  @Test func ttlExactlyAtTheMinimumIsOKAndOneSecondBelowIsTooShort() {
    let record = "2026-01-15T10:00:00Z"
    #expect(judge(audit, ttl: seconds("2033-01-15T10:00:00Z"), recordTime: record).code == nil)
    #expect(judge(audit, ttl: seconds("2033-01-15T09:59:59Z"), recordTime: record).code == .ttlTooShort)
    // A record time with milliseconds: the minimum in whole seconds is the floor.
    #expect(judge(audit, ttl: seconds("2033-01-15T10:00:00Z"), recordTime: "2026-01-15T10:00:00.900Z").code == nil)
  }

  @Test func twentyFiveFiftySevenDaysAlwaysSufficeAndTwentyFiveFiftyFiveNever() {
    // Every day from 2000 to 2029 as a record time: created + 2557 days meets 7 calendar
    // years; created + 2555 days (7 × 365) falls short.
    let start = Timestamp.parseISO8601("2000-01-01T12:00:00Z")!
    for day in stride(from: Int64(0), to: 30 * 365, by: 1) {
      let created = start + day * 86_400_000
      let rules = RetentionRules(profile: audit, asOf: created, seenAt: created)
      func code(_ days: Int64) -> FindingCode? {
        rules.judge(RetentionSubject(ttl: .n(created / 1000 + days * 86_400), recordTime: created)).code
      }
      if code(2557) != nil || code(2555) != .ttlTooShort {
        Issue.record("created \(Timestamp.iso8601(milliseconds: created)): 2557 → \(String(describing: code(2557))), 2555 → \(String(describing: code(2555)))")
        return
      }
    }
  }

  @Test func millisecondsStartAtOneHundredBillion() {
    let below = judge(audit, ttl: .n(99_999_999_999))
    #expect(below.code == nil, "1e11 − 1 is year 5138 in seconds: long, but seconds")
    let at = judge(audit, ttl: .n(100_000_000_000))
    #expect(at.code == .ttlMilliseconds)
    #expect(judge(audit, ttl: .n(1_795_154_400_000)).detail.contains("milliseconds (2026-11-20T06:00:00Z)"))
    #expect(judge(audit, ttl: .n(1_795_154_400_000_000)).detail.contains("microseconds"))
    #expect(judge(audit, ttl: .number("1E+30")).code == .ttlMilliseconds, "beyond Int64 is still caught, exactly")
  }

  @Test func fiveYearsBeforeAsOfIsTheLastTTLDynamoDBStillActsOn() {
    let webhooks = BuiltinProfiles.webhookEvents
    let fiveYears = "2021-11-21T00:00:00Z"
    let exact = judge(webhooks, ttl: seconds(fiveYears), recordTime: "2021-11-01T00:00:00Z")
    #expect(exact.code == .expiredNotDeleted, "exactly 5 years back is not *more* than 5 years")
    let older = judge(webhooks, ttl: .n(Timestamp.parseISO8601(fiveYears)! / 1000 - 1), recordTime: "2021-11-01T00:00:00Z")
    #expect(older.code == .ttlNeverDeleted)
  }

  @Test func eachCodeInTheOrderTheyAreTried() {
    #expect(judge(audit, ttl: nil).code == .ttlMissing)
    #expect(judge(BuiltinProfiles.apiKeys, ttl: nil, status: "active").code == nil, "active keys need no TTL")
    #expect(judge(audit, ttl: .s("2033-01-15T10:00:00Z")).code == .ttlNotNumber)
    #expect(judge(audit, ttl: .bool(true)).code == .ttlNotNumber)
    #expect(judge(audit, ttl: .n(2_678_400)).code == .ttlNotEpoch, "seed 003: 31 days as a duration")
    #expect(judge(audit, ttl: .number("-5")).code == .ttlNotEpoch)
    #expect(judge(audit, ttl: seconds("2025-12-31T00:00:00Z")).code == .ttlNotEpoch, "before the record's own time")
    #expect(judge(events, ttl: seconds("2026-02-14T10:00:00Z"), seenAt: "2026-01-16T00:00:00Z").code == nil, "exactly 30 days")
    #expect(judge(events, ttl: seconds("2026-02-14T10:00:01Z"), seenAt: "2026-01-16T00:00:00Z").code == .ttlTooLong)
    #expect(judge(events, ttl: .number("1768471200.75"), recordTime: "2026-01-15T10:00:00Z", seenAt: "2026-01-16T00:00:00Z").code == nil, "fractions are read exactly")
    // Expired: within the 7-day grace nothing; beyond it EXPIRED_NOT_DELETED.
    let seen = "2026-11-20T06:00:00Z"
    #expect(judge(events, ttl: seconds("2026-11-13T06:00:00Z"), recordTime: "2026-10-20T00:00:00Z", seenAt: seen).code == nil)
    #expect(judge(events, ttl: seconds("2026-11-13T05:59:59Z"), recordTime: "2026-10-20T00:00:00Z", seenAt: seen).code == .expiredNotDeleted)
    #expect(FindingCode.expiredNotDeleted.defaultSeverity == .info && FindingCode.ttlTooLong.defaultSeverity == .warning)
  }

  @Test func apiKeysLiveWhileActiveAndGoSoonAfter() {
    let keys = BuiltinProfiles.apiKeys
    let created = "2025-06-01T00:00:00Z"
    #expect(judge(keys, ttl: seconds("2026-12-01T00:00:00Z"), recordTime: created, status: "active").code == .ttlOnActiveKey)
    #expect(judge(keys, ttl: nil, recordTime: created, status: nil).code == nil, "no status counts as active")
    #expect(judge(keys, ttl: nil, recordTime: created, status: "revoked").code == .ttlMissing)
    #expect(judge(keys, ttl: seconds("2027-02-18T06:00:00Z"), recordTime: created, status: "revoked").code == nil, "90 days after the export")
    #expect(judge(keys, ttl: seconds("2027-02-18T06:00:01Z"), recordTime: created, status: "disabled").code == .ttlTooLong)
  }

  @Test func keyMaterialMustBeASHA256() {
    let keys = BuiltinProfiles.apiKeys
    #expect(judge(keys, ttl: nil, status: "active").keyProblem == nil)
    #expect(judge(keys, ttl: nil, status: "active", keyHash: .s(String(repeating: "AB", count: 32))).keyProblem == nil)
    let plaintext = judge(keys, ttl: nil, status: "active", keyHash: .s("sk_live_4eC39HqLyjWDarjtT1zdp7dc"))
    #expect(plaintext.keyProblem != nil && plaintext.code == nil, "a separate finding; the TTL verdict stands")
    #expect(plaintext.keyProblem?.contains("sk_live") == false, "the key is never echoed")
    #expect(judge(keys, ttl: nil, status: "active", keyHash: nil).keyProblem != nil)
    #expect(judge(keys, ttl: nil, status: "active", keyHash: .s(String(repeating: "a", count: 63))).keyProblem != nil)
    #expect(FindingCode.keyNotHashed.defaultSeverity == .critical)
    #expect(judge(audit, ttl: .n(1_999_999_999)).keyProblem == nil, "only tables with a key policy")
  }

  @Test func retentionDaysReplacesCalendarYearsOnlyWhereThereIsAMinimum() {
    var options = RetentionOptions(asOf: 0)
    options.retentionDays = 2555
    let audit = RetentionChecker.profile(BuiltinProfiles.auditLogs, table: "audit_logs", options: options)
    #expect(audit.retention.minimumDays == 2555)
    let created = Timestamp.parseISO8601("2026-01-15T10:00:00Z")!
    let rules = RetentionRules(profile: audit, asOf: created, seenAt: created)
    #expect(rules.judge(RetentionSubject(ttl: .n(created / 1000 + 2555 * 86_400), recordTime: created)).code == nil)
    #expect(rules.judge(RetentionSubject(ttl: .n(created / 1000 + 2555 * 86_400 - 1), recordTime: created)).code == .ttlTooShort)
    let events = RetentionChecker.profile(BuiltinProfiles.events, table: "events", options: options)
    #expect(events.retention.minimumDays == nil)
  }
}

@Suite struct RetentionPolicyFileTests {
  @Test func theSamplePolicyLoadsAndOverridesPerTable() throws {
    let policy = try RetentionPolicyFile.load(path: RepoPaths.samples.appendingPathComponent("retention-policy.json").path)
    let events = policy.apply(to: BuiltinProfiles.events, table: "events")
    #expect(events.retention.severities["EXPIRED_NOT_DELETED"] == .warning)
    #expect(events.retention.maximumSeconds == Int64(2_592_000))
  }

  @Test func tableNamesWinOverProfileNamesAndDefaultsComeFirst() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("policy.json")
    try Data(
      #"{"defaults": {"graceDays": 2}, "tables": {"audit_logs": {"minimumDays": 3000}, "prod-audit-logs": {"minimumDays": 2600, "ttlAttribute": "expires"}}}"#
        .utf8
    ).write(to: path)
    let policy = try RetentionPolicyFile.load(path: path.path)
    let prod = policy.apply(to: BuiltinProfiles.auditLogs, table: "prod-audit-logs")
    #expect(prod.retention.minimumDays == 2600 && prod.ttlAttribute == "expires" && prod.retention.graceSeconds == 2 * 86_400)
    #expect(policy.apply(to: BuiltinProfiles.auditLogs, table: "audit_logs").retention.minimumDays == 3000)
  }

  @Test func badPoliciesNameTheFileAndTheProblem() throws {
    let dir = TemporaryDirectory()
    for (text, problem) in [
      (#"{"tables": {"events": {"severity": {"TTL_TYPO": "error"}}}}"#, "unknown code \"TTL_TYPO\""),
      (#"{"tables": {"events": {"maximumDays": -1}}}"#, "maximumDays"),
      (#"{"tables": {"events": {"severity": {"TTL_MISSING": "fatal"}}}}"#, "not a valid retention policy"),
    ] {
      let path = dir.file("bad.json")
      try Data(text.utf8).write(to: path)
      #expect {
        _ = try RetentionPolicyFile.load(path: path.path)
      } throws: { error in
        let text = "\(error)"
        return text.hasPrefix(path.path) && text.contains(problem) && (error as? DDBAuditError)?.isBadInput == true
      }
    }
  }
}

@Suite struct RetentionCheckerTests {
  static let asOf = Timestamp.parseISO8601("2026-11-21T00:00:00Z")!

  static func samples() throws -> (TestStore, RetentionResult) {
    let store = TestStore()
    try store.importPaths([RepoPaths.samples.appendingPathComponent("exports").path])
    let result = try RetentionChecker(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
      .check(RetentionOptions(asOf: asOf))
    return (store, result)
  }

  @Test func theSamplesCarryEveryKindOfTTLMistakeAndTheCountsAddUp() throws {
    let (store, result) = try Self.samples()
    let codes = Set(result.findings.map(\.code))
    let expected: Set<FindingCode> = Set(FindingCode.retentionCodes)
    #expect(codes == expected, "missing: \(expected.subtracting(codes))")
    let db = try store.open()
    for table in result.tables {
      let stored = try db.currentState(table: table.name)!
      #expect(table.items == (try db.itemCount(latest: stored.latest.id)))
      #expect(table.ok + table.byCode.values.reduce(0, +) == table.items, "one code per item")
    }
    #expect(result.findings == result.findings.sorted(by: Finding.ordered))
    #expect(result.tables.first { $0.name == "audit_logs" }?.ok == 300, "the 2557-day seed TTL always suffices")
  }

  @Test func jsonHasTheSameShapeAsVerify() throws {
    let (_, result) = try Self.samples()
    let object = try JSONSerialization.jsonObject(with: Data(result.report.json.bytes())) as! [String: Any]
    #expect(object["schema"] as? String == "ddbaudit.retention/1")
    #expect(object["asOf"] as? String == "2026-11-21T00:00:00.000Z")
    let summary = object["summary"] as! [String: Any]
    #expect(summary["items"] as? Int == 1501 && summary["findings"] as? Int == result.findings.count)
    let findings = object["findings"] as! [[String: Any]]
    #expect(findings.allSatisfy { Set($0.keys) == ["code", "severity", "table", "key", "detail"] })
    #expect(result.report.json.bytes() == (try Self.samples().1.report.json.bytes()), "deterministic")
  }

  @Test func junitHasOneCasePerTableAndRuleWithCountedFailures() throws {
    let (_, result) = try Self.samples()
    let xml = result.report.junit(failOn: .error)
    let document = try XMLDocument(xmlString: xml)
    let root = document.rootElement()!
    #expect(root.name == "testsuites")
    let suites = root.elements(forName: "testsuite")
    #expect(suites.count == 6)
    var failures = 0
    for suite in suites {
      let cases = suite.elements(forName: "testcase")
      #expect(cases.count == FindingCode.retentionCodes.count)
      #expect(Int(suite.attribute(forName: "tests")!.stringValue!) == cases.count)
      let failing = cases.filter { !$0.elements(forName: "failure").isEmpty }
      #expect(Int(suite.attribute(forName: "failures")!.stringValue!) == failing.count)
      for c in failing { #expect(c.elements(forName: "failure")[0].attribute(forName: "type")?.stringValue == c.attribute(forName: "name")?.stringValue) }
      failures += failing.count
    }
    #expect(Int(root.attribute(forName: "failures")!.stringValue!) == failures)
    #expect(Int(root.attribute(forName: "tests")!.stringValue!) == 6 * FindingCode.retentionCodes.count)
    // Below --fail-on: reported in system-out, not failed.
    let infoOnly = result.findings.filter { $0.severity < .error }.count
    #expect(infoOnly > 0 && xml.components(separatedBy: "<system-out>").count > 1)
    #expect(XML.escape("a<b&\"c\u{1}") == "a&lt;b&amp;&quot;c\u{FFFD}")
  }

  @Test func sarifResultsPointAtRulesAndExports() throws {
    let (_, result) = try Self.samples()
    let root = RepoPaths.root.path
    let object = try JSONSerialization.jsonObject(with: Data(result.report.sarif(sourceRoot: root).bytes())) as! [String: Any]
    #expect(object["version"] as? String == "2.1.0")
    let run = (object["runs"] as! [[String: Any]])[0]
    let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
    let ids = rules.map { $0["id"] as! String }
    #expect(Set(ids).count == ids.count)
    // GitHub code scanning: a numeric security-severity on every rule, a base for relative URIs.
    for rule in rules {
      let severity = ((rule["properties"] as! [String: Any])["security-severity"] as? String).flatMap(Double.init)
      #expect(severity.map { (0.1...10).contains($0) } == true, "\(rule["id"]!)")
    }
    let base = ((run["originalUriBaseIds"] as! [String: Any])["SRCROOT"] as! [String: Any])["uri"] as! String
    #expect(base == "file://" + root + "/")
    let results = run["results"] as! [[String: Any]]
    #expect(results.count == result.findings.count)
    var fingerprints = Set<String>()
    for r in results {
      let index = r["ruleIndex"] as! Int
      #expect(ids[index] == r["ruleId"] as? String)
      #expect(["error", "warning", "note"].contains(r["level"] as! String))
      let location = (r["locations"] as! [[String: Any]])[0]
      let physical = location["physicalLocation"] as! [String: Any]
      let artifact = physical["artifactLocation"] as! [String: Any]
      let uri = artifact["uri"] as! String
      #expect(uri.hasPrefix("Samples/exports/") && uri.hasSuffix("manifest-summary.json") && uri.contains("AWSDynamoDB"), "\(uri)")
      #expect(artifact["uriBaseId"] as? String == "SRCROOT")
      #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 1)
      fingerprints.insert((r["partialFingerprints"] as! [String: String])["ddbauditFinding/v1"]!)
    }
    #expect(fingerprints.count == results.count, "fingerprints are unique and stable")
    // Outside the source root, a location stays absolute.
    let outside = try JSONSerialization.jsonObject(with: Data(result.report.sarif(sourceRoot: "/nonexistent-root").bytes())) as! [String: Any]
    let first = (((outside["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]["locations"] as! [[String: Any]])[0]
    let uri = ((first["physicalLocation"] as! [String: Any])["artifactLocation"] as! [String: Any])["uri"] as! String
    #expect(uri.hasPrefix("file:///"))
  }
}
