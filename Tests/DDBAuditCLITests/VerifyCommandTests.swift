import Foundation
import Testing
import TestSupport

@Suite struct VerifyCommandTests {
  /// A store holding Samples/exports, and optionally the tampered next-day export.
  /// Keep the directory alive (`withExtendedLifetime`) while the store is used.
  static func store(tampered: Bool) throws -> (TemporaryDirectory, String) {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    if tampered {
      let result = try CLI.run(["import", RepoPaths.samples.appendingPathComponent("tampered").path, "--db", db, "--quiet"])
      #expect(result.status == 0, "\(result.stderr)")
    }
    return (dir, db)
  }

  @Test func cleanSamplesVerifyWithExitZero() throws {
    let (dir, db) = try Self.store(tampered: false)
    let result = try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("tables 6, chains 17, records 500, intact chains 17"))
    #expect(result.stdout.contains("no findings"))
    withExtendedLifetime(dir) {}
  }

  @Test func tamperedSampleFindsEveryTamperingAndExitsOne() throws {
    let (dir, db) = try Self.store(tampered: true)
    let result = try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21T12:00:00Z", "--format", "json"])
    #expect(result.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect(json["schema"] as? String == "ddbaudit.verify/1")
    #expect(json["asOf"] as? String == "2026-11-21T12:00:00.000Z")
    let findings = json["findings"] as! [[String: Any]]
    let codes = findings.map { "\($0["chain"]!):\($0["code"]!)" }
    #expect(
      codes == [
        "user-0003:MODIFIED", "user-0003:BROKEN_LINK", "user-0005:MISSING", "user-0007:BACKDATED", "user-0007:REORDERED",
        "user-0009:TRUNCATED_TAIL",
      ])
    let missing = findings[2]
    #expect(missing["seq"] as? Int == 10 && missing["seqEnd"] as? Int == 10)
    #expect((missing["key"] as? [String: String])?["user_id"] == "user-0005")
    let truncated = findings[5]
    #expect(truncated["seq"] as? Int == 24 && truncated["seqEnd"] as? Int == 25)
    withExtendedLifetime(dir) {}
  }

  @Test func failOnAndExitZeroChooseTheExitCode() throws {
    let (dir, db) = try Self.store(tampered: true)
    let asOf = ["--as-of", "2026-11-21T12:00:00Z"]
    #expect(try CLI.run(["verify", "--db", db, "--fail-on", "critical"] + asOf).status == 1)
    #expect(try CLI.run(["verify", "--db", db, "--exit-zero"] + asOf).status == 0)
    // Only ec2-audit-logs: clean, so even --fail-on info passes.
    #expect(try CLI.run(["verify", "--db", db, "--table", "ec2-audit-logs", "--fail-on", "info"] + asOf).status == 0)
    #expect(try CLI.run(["verify", "--db", db, "--table", "nope"] + asOf).status == 2, "a table with no items: nothing to check")
    #expect(try CLI.run(["verify", "--db", db, "--fail-on", "loud"] + asOf).status == 64)
    withExtendedLifetime(dir) {}
  }

  @Test func outputIsDeterministicAndWrittenAtomically() throws {
    let (dir, db) = try Self.store(tampered: true)
    let a = dir.file("a.json").path, b = dir.file("b.json").path
    for path in [a, b] {
      let r = try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21T12:00:00Z", "--format", "json", "--output", path])
      #expect(r.status == 1)
      #expect(r.stdout.isEmpty)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }

  @Test func csvAndXlsxCarryTheSameFindings() throws {
    let (dir, db) = try Self.store(tampered: true)
    let asOf = ["--as-of", "2026-11-21T12:00:00Z", "--exit-zero"]
    let csv = try CLI.run(["verify", "--db", db, "--format", "csv"] + asOf)
    let records = try StrictCSV.parse(csv.stdout)
    #expect(records.first == ["severity", "code", "table", "chain", "seq", "seq_end", "key", "detail"])
    #expect(records.dropFirst().map { $0[1] } == ["MODIFIED", "BROKEN_LINK", "MISSING", "BACKDATED", "REORDERED", "TRUNCATED_TAIL"])
    let path = dir.file("verify.xlsx").path
    #expect(try CLI.run(["verify", "--db", db, "--format", "xlsx", "--output", path] + asOf).status == 0)
    let book = try XLSXFile(path: path)
    #expect(book.sheetNames == ["Verdict", "Summary", "Findings", "Evidence"])
    let findings = try book.cells(sheet: "Findings")
    // The same findings; the workbook lists them most severe first, then by code.
    #expect(Set((2...7).compactMap { findings["B\($0)"]?.value }) == Set(records.dropFirst().map { $0[1] }))
    #expect((2...7).map { findings["B\($0)"]?.value } == ["BACKDATED", "BROKEN_LINK", "MISSING", "MODIFIED", "TRUNCATED_TAIL", "REORDERED"])
    let chains = try book.cells(sheet: "Evidence")
    #expect(chains.keys.filter { $0.hasPrefix("A") }.count == 18, "header + 17 chains")
  }

  @Test func missingStoreIsARuntimeError() throws {
    let dir = TemporaryDirectory()
    let result = try CLI.run(["verify", "--db", dir.file("none.sqlite").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("none.sqlite"))
  }
}

@Suite struct VerifyFormatTests {
  /// verify renders through the check commands' report, so JUnit and SARIF come with it; a
  /// chain finding without a key is located and fingerprinted by its chain and seqs.
  @Test func junitAndSARIFCarryEveryChainFinding() throws {
    let (dir, db) = try VerifyCommandTests.store(tampered: true)
    let asOf = ["--as-of", "2026-11-21T12:00:00Z"]
    let junit = try CLI.run(["verify", "--db", db, "--format", "junit"] + asOf)
    #expect(junit.status == 1, "\(junit.stderr)")
    #expect(junit.stdout.contains(#"<testsuites name="ddbaudit verify" tests="90" failures="5""#))
    #expect(junit.stdout.contains(#"<testcase classname="ddbaudit.verify.audit_logs" name="TRUNCATED_TAIL" time="0">"#))
    // REORDERED is a warning: below --fail-on error, listed but not failing.
    #expect(junit.stdout.contains("<system-out>WARNING REORDERED audit_logs chain user-0007 seq 27"))

    let sarif = try CLI.run(["verify", "--db", db, "--format", "sarif", "--exit-zero", "--source-root", RepoPaths.root.path] + asOf)
    #expect(sarif.status == 0, "\(sarif.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as! [String: Any]
    let results = ((json["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
    #expect(results.map { $0["ruleId"] as! String } == ["MODIFIED", "BROKEN_LINK", "MISSING", "BACKDATED", "REORDERED", "TRUNCATED_TAIL"])
    let fingerprints = Set(results.map { ($0["partialFingerprints"] as! [String: String])["ddbauditFinding/v1"]! })
    #expect(fingerprints.count == results.count, "two findings share a fingerprint")
    let truncated = (results[5]["locations"] as! [[String: Any]])[0]
    let logical = (truncated["logicalLocations"] as! [[String: String]])[0]
    #expect(logical["fullyQualifiedName"] == "audit_logs chain user-0009 seq 24-25")
    let artifact = ((truncated["physicalLocation"] as! [String: Any])["artifactLocation"] as! [String: String])["uri"]!
    #expect(artifact.hasPrefix("Samples/tampered/audit_logs/") && artifact.hasSuffix("manifest-summary.json"))
    withExtendedLifetime(dir) {}
  }
}
