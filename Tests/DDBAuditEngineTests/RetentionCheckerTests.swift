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

@Suite struct RetentionCheckerTests {
  static let asOf = Timestamp.parseISO8601("2026-11-21T00:00:00Z")!

  static func samples() throws -> (TestStore, RetentionResult) {
    let store = try TestStore.samples()
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
