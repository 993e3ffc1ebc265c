import DDBAuditSamples
import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing
import TestSupport
@testable import DDBAuditModel

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
