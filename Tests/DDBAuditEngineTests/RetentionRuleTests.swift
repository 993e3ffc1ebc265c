import DDBAuditSamples
import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditChecks

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
