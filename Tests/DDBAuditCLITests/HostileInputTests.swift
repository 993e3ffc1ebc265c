import DDBAuditSamples
import DDBGzip
import Foundation
import Testing
import TestSupport
import DDBAuditModel

/// Inputs built to hurt: each gives a clear error (exit 2, file and line) or a finding, never
/// a trap, a hang, a merge of two items or a read outside the export. Each test is named after
/// the defect it keeps fixed.
@Suite struct HostileInputTests {
  /// A clean export of `items` (table `table`) in a fresh folder, for a test to corrupt.
  static func export(_ items: [Item], table: String = "events", in dir: TemporaryDirectory) throws -> ExportFixture {
    try ExportFixture.write(items, table: table, root: dir.file("exports"), files: 1)
  }

  static func events(_ count: Int = 5) -> [Item] { SeedTables.events(count: count, end: SeedTables.sampleExportTime, seed: 3) }

  func importing(_ path: String, _ extra: [String] = [], in dir: TemporaryDirectory) throws -> CLIResult {
    try CLI.run(["import", path, "--db", dir.file("s.sqlite").path] + extra)
  }

  // MARK: Traps

  @Test func aManifestItemCountOfInt64MaxIsAnErrorNotATrap() throws {
    let dir = TemporaryDirectory()
    let fixture = try Self.export(Self.events(), in: dir)
    try fixture.editManifestFiles { $0[0]["itemCount"] = Int64.max }
    try fixture.editSummary { $0["itemCount"] = 5 }
    let result = try importing(fixture.folder.path, in: dir)
    #expect(result.status == 2, "\(result.stderr)")
    try fixture.editManifestFiles { $0.append($0[0]); $0[1]["dataFileS3Key"] = ($0[0]["dataFileS3Key"] as! String) + "x" }
    #expect(try importing(fixture.folder.path, in: dir).status == 2)
  }

  @Test func extremeNumbersInTimesAndTTLsNeverTrap() throws {
    let dir = TemporaryDirectory()
    // A record time of -9999999999999999 (×1000 overflowed), a ttl of Int64.max, a
    // next_retry_at of -9999999999999999: each crashed the importer or a report.
    let lines = [
      #"{"Item":{"webhook_id":{"S":"w-1"},"created_at":{"N":"-9999999999999999"},"ttl":{"N":"9223372036854775807"},"status":{"S":"pending"},"next_retry_at":{"N":"-9999999999999999"}}}"#,
      #"{"Item":{"webhook_id":{"S":"w-2"},"created_at":{"N":"9999999999999999999999"},"ttl":{"N":"-9223372036854775808"},"status":{"S":"failed"},"next_retry_at":{"N":"99999999999999999"}}}"#,
    ]
    let file = dir.file("webhooks.jsonl")
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    #expect(try importing(file.path, ["--table", "webhook_events", "--input-format", "jsonl", "--snapshot-time", "2026-11-20"], in: dir).status == 0)
    // The same extremes in an event and an API key, for the reports over those tables.
    let others = dir.file("others.jsonl")
    try (#"{"Item":{"user_id":{"S":"u"},"timestamp#event_id":{"S":"2026-11-20T00:00:00Z#e"},"event_type":{"S":"x"},"status":{"S":"failed"},"ttl":{"N":"9223372036854775807"}}}"# + "\n")
      .write(to: others, atomically: true, encoding: .utf8)
    #expect(try importing(others.path, ["--table", "events", "--input-format", "jsonl", "--snapshot-time", "2026-11-20"], in: dir).status == 0)
    try (#"{"Item":{"user_id":{"S":"u"},"key_id":{"S":"k"},"status":{"S":"revoked"},"created_at":{"N":"-9999999999999999"},"ttl":{"N":"-9223372036854775808"}}}"# + "\n")
      .write(to: others, atomically: true, encoding: .utf8)
    #expect(try importing(others.path, ["--table", "api_keys", "--input-format", "jsonl", "--snapshot-time", "2026-11-20"], in: dir).status == 0)
    let reports = ["webhook-deliveries", "retention", "event-lifecycle", "api-keys", "audit-trail", "integrity"]
    for args in [["retention", "--as-of", "2026-11-21"], ["verify", "--as-of", "2026-11-21"], ["query", "--table", "webhook_events", "--format", "json"]]
      + reports.map({ ["report", $0, "--as-of", "2026-11-21", "--output-dir", dir.file("r").path] })
    {
      let result = try CLI.run(args + ["--db", db])
      #expect([0, 1].contains(result.status), "\(args[0]): \(result.status) \(result.stderr)")
      let all = result.stdout + result.stderr
      #expect(!all.contains("-292277") && !all.contains("48889"), "no date outside 0001–9999: \(args[0])")
    }
    let json = try String(contentsOf: dir.file("r/webhook-deliveries_asof_2026-11-21.json"), encoding: .utf8)
    #expect(!json.contains("+"), "no 5-digit year")
  }

  /// A ttl in milliseconds read as seconds lies in the year 58861, and a record time may lie
  /// before 1900: Excel shows neither as a date (`#FMT`, `####`). Such times are text.
  @Test func noXLSXCellHoldsADateExcelCannotShow() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("webhooks.jsonl")
    try (#"{"Item":{"webhook_id":{"S":"w-1"},"created_at":{"S":"1850-01-01T00:00:00Z"},"ttl":{"N":"1795150000000"},"status":{"S":"failed"}}}"#
      + "\n" + #"{"Item":{"webhook_id":{"S":"w-2"},"created_at":{"S":"2026-11-01T00:00:00Z"},"ttl":{"N":"1795150000"},"status":{"S":"failed"}}}"# + "\n")
      .write(to: file, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    #expect(try importing(file.path, ["--table", "webhook_events", "--input-format", "jsonl", "--snapshot-time", "2026-11-20"], in: dir).status == 0)
    for report in ["webhook-deliveries", "retention"] {
      let out = dir.file(report)
      let result = try CLI.run(["report", report, "--db", db, "--format", "xlsx", "--as-of", "2026-11-21", "--output-dir", out.path])
      #expect(result.status == 0, "\(result.stderr)")
      let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".xlsx") })
      let xlsx = try XLSXFile(path: out.appendingPathComponent(name).path)
      var texts: [String] = []
      for sheet in xlsx.sheetNames {
        for (_, cell) in try xlsx.cells(sheet: sheet) {
          if cell.type == nil, let serial = Double(cell.value), cell.style != nil, serial > 2_958_465 || serial < 0 {
            Issue.record("\(report) \(sheet): a date number \(serial) outside Excel's dates")
          }
          if cell.type != nil { texts.append(cell.value) }
        }
      }
      #expect(texts.contains { $0.contains("1850-01-01") && $0.contains("outside Excel's dates") }, "\(report)")
    }
  }

  @Test func outOfRangeFlagsAndPolicyValuesAreRefused() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    #expect(try CLI.run(["retention", "--db", db, "--retention-days", "200000000000000"]).status == 64)
    let policy = dir.file("policy.json")
    try #"{"defaults": {"graceDays": 1e300}}"#.write(to: policy, atomically: true, encoding: .utf8)
    let refused = try CLI.run(["retention", "--db", db, "--policy", policy.path])
    #expect(refused.status == 2 && refused.stderr.contains("graceDays"), "\(refused.stderr)")
    let describe = dir.file("describe-table.json")
    try #"{"Table": {"TableName": "events", "CreationDateTime": 1e300}}"#.write(to: describe, atomically: true, encoding: .utf8)
    let settings = try CLI.run(["settings", describe.path])
    #expect(settings.status == 2 && settings.stderr.contains("CreationDateTime"), "\(settings.stderr)")
  }

  // MARK: Data merged, overwritten or read from outside

  @Test func loneSurrogatesInKeysAreRefusedNotMerged() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    try "{\"Item\": {\"id\": {\"S\": \"u-\\ud800\"}}}\n{\"Item\": {\"id\": {\"S\": \"u-\\udfff\"}}}\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl"], in: dir)
    #expect(result.status == 2 && result.stderr.contains("items.jsonl:1: ") && result.stderr.contains("lone surrogate"), "\(result.stderr)")
    // Elsewhere than in a key, a lone surrogate is stored and reported as NONCANONICAL.
    try "{\"Item\": {\"id\": {\"S\": \"a\"}, \"note\": {\"S\": \"\\ud800\"}}}\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl"], in: dir).status == 0)
  }

  @Test func descriptorsAndNamesDynamoDBForbidsAreRefused() throws {
    let dir = TemporaryDirectory()
    for (name, line, fragment) in [
      ("nul", #"{"Item": {"id": {"S": "a"}, "x": {"\u0000S": "b"}}}"#, "unknown type descriptor \"\\u0000S\""),
      ("emptyname", #"{"Item": {"id": {"S": "a"}, "": {"S": "b"}}}"#, "attribute name is empty"),
      ("emptykey", #"{"Item": {"id": {"S": ""}}}"#, "is empty"),
    ] {
      let file = dir.file("\(name).jsonl")
      try (line + "\n").write(to: file, atomically: true, encoding: .utf8)
      let result = try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl"], in: dir)
      #expect(result.status == 2 && result.stderr.contains("\(name).jsonl:1: ") && result.stderr.contains(fragment), "\(name): \(result.stderr)")
    }
    let hive = dir.file("trailing.hive")
    try "id\u{3}{\"s\":\"u-1\"}garbage\n".write(to: hive, atomically: true, encoding: .utf8)
    let trailing = try importing(hive.path, ["--table", "t", "--key", "id", "--input-format", "pipeline"], in: dir)
    #expect(trailing.status == 2 && trailing.stderr.contains("unexpected text after the value"), "\(trailing.stderr)")
  }

  @Test func errorsInsideTheItemWrapperNameTheRealAttribute() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    try "{\"Item\": {\"user_id\": {\"Q\": \"a\"}}}\n".write(to: file, atomically: true, encoding: .utf8)
    for args in [["hash", file.path], ["import", file.path, "--table", "t", "--key", "user_id", "--input-format", "jsonl", "--db", dir.file("s.sqlite").path]] {
      let result = try CLI.run(args)
      #expect(result.status == 2 && result.stderr.contains("items.jsonl:1: attribute \"user_id\": unknown type descriptor \"Q\""), "\(args[0]): \(result.stderr)")
    }
  }

  /// Issue 16's third hole: `hash` printed U+FFFD for a lone surrogate, so "\ud800" and
  /// "\ufffd" hashed alike.
  @Test func hashRefusesLoneSurrogatesAsNoncanonical() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("items.jsonl")
    try "{\"id\": {\"S\": \"\\ufffd\"}}\n{\"id\": {\"S\": \"\\ud800\"}}\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["hash", file.path])
    #expect(result.status == 2 && result.stderr.contains("items.jsonl:2: NONCANONICAL: a string holds a lone surrogate"), "\(result.stderr)")
  }

  /// Issue 16's second hole: evidence from after --as-of (or from the future) proved expiry.
  @Test func evidenceFromTheFutureIsRefusedOrLeftOut() throws {
    let dir = TemporaryDirectory()
    let event = dir.file("event.json")
    try #"{"Records":[{"eventID":"1","eventName":"REMOVE","eventSource":"aws:dynamodb","userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},"dynamodb":{"ApproximateCreationDateTime":4102444800,"Keys":{"id":{"S":"a"}},"SequenceNumber":"1"},"eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x"}]}"#
      .write(to: event, atomically: true, encoding: .utf8)
    let refused = try importing(event.path, in: dir)
    #expect(refused.status == 2 && refused.stderr.contains("cannot come from the future"), "\(refused.stderr)")
    // A snapshot taken after --as-of is reported, and not taken as the current state.
    let db = try SampleStore.copy(into: dir, as: "samples.sqlite")
    let scan = RepoPaths.samples.appendingPathComponent("formats/scan/events.json").path
    #expect(try CLI.run(["import", scan, "--table", "events", "--snapshot-time", "2026-11-25", "--db", db]).status == 0)
    let verify = try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21", "--format", "json"])
    #expect(verify.status == 1)
    let findings = (try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    #expect(findings.map { $0["code"] as? String } == ["FUTURE_EVIDENCE"], "\(findings)")
  }

  @Test func aDataFolderThatLinksElsewhereIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try Self.export(Self.events(), in: dir)
    let outside = dir.file("outside")
    try FileManager.default.moveItem(at: fixture.folder.appendingPathComponent("data"), to: outside)
    try FileManager.default.createSymbolicLink(at: fixture.folder.appendingPathComponent("data"), withDestinationURL: outside)
    let result = try importing(fixture.folder.path, in: dir)
    #expect(result.status == 2 && result.stderr.contains("resolves outside the export folder"), "\(result.stderr)")
  }

  @Test func aFIFOIsRefusedAtOnceNotWaitedFor() throws {
    let dir = TemporaryDirectory()
    let fixture = try Self.export(Self.events(), in: dir)
    let data = try fixture.dataFiles()[0]
    try FileManager.default.removeItem(at: data)
    #expect(mkfifo(data.path, 0o644) == 0)
    let started = Date()
    let result = try importing(fixture.folder.path, in: dir)
    #expect(result.status == 2 && result.stderr.contains("not a regular file (a FIFO)"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 20)
    let fifo = dir.file("stream.fifo")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    #expect(try importing(fifo.path, ["--table", "t", "--key", "id"], in: dir).status == 2)
  }

  @Test func aDataFileListedTwiceIsRefusedAtTheManifest() throws {
    let dir = TemporaryDirectory()
    let fixture = try Self.export(Self.events(), in: dir)
    try fixture.editManifestFiles { $0.append($0[0]) }
    try fixture.editSummary { $0["itemCount"] = 10 }
    let result = try importing(fixture.folder.path, in: dir)
    #expect(result.status == 2 && result.stderr.contains("manifest-files.json:2: ") && result.stderr.contains("listed twice"), "\(result.stderr)")
  }

  @Test func aDifferentExportUnderAKnownExportArnIsAnErrorNamingBoth() throws {
    let dir = TemporaryDirectory()
    let first = try Self.export(Self.events(), in: dir)
    #expect(try importing(first.folder.path, in: dir).status == 0)
    #expect(try importing(first.folder.path, in: dir).stdout.contains("already imported"), "the same export again adds nothing")
    let other = TemporaryDirectory()
    let second = try ExportFixture.write(Self.events(6), table: "events", root: other.file("exports"), files: 1)
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: first.folder.appendingPathComponent("manifest-summary.json"))) as! [String: Any]
    let arn = summary["exportArn"] as! String
    try second.editSummary { $0["exportArn"] = arn }
    let result = try importing(second.folder.path, in: dir)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(first.folder.path) && result.stderr.contains(second.folder.path), "\(result.stderr)")
  }

  @Test func manifestsThatContradictThemselvesAreRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try Self.export(Self.events(), in: dir)
    let good = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.folder.appendingPathComponent("manifest-summary.json"))) as! [String: Any]
    let cases: [(String, (inout [String: Any]) -> Void, String)] = [
      ("future", { $0["exportTime"] = "2099-01-01T00:00:00.000Z" }, "in the future"),
      ("account", { $0["tableArn"] = "arn:aws:dynamodb:us-east-1:999999999999:table/events" }, "another region or account"),
      ("empty", { $0["exportArn"] = "" }, "is not an export ARN"),
    ]
    for (name, edit, fragment) in cases {
      try fixture.editSummary { summary in
        summary = good
        edit(&summary)
      }
      let result = try importing(fixture.folder.path, in: dir)
      #expect(result.status == 2 && result.stderr.contains(fragment), "\(name): \(result.stderr)")
    }
    try fixture.editSummary { $0 = good }
    let lines = Self.events().map { "{\"Item\":" + String(decoding: DynamoJSONEncoder.encode($0), as: UTF8.self) + "}" }
    try fixture.replaceDataFile(0, lines: lines, gzip: false)
    let notGzip = try importing(fixture.folder.path, in: dir)
    #expect(notGzip.status == 2 && notGzip.stderr.contains("not gzip"), "\(notGzip.stderr)")
  }

  // MARK: Bounded work and memory

  @Test func aLineLongerThanAnyDynamoDBItemIsRefused() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("big.jsonl")
    let big = String(repeating: "x", count: 5 << 20)
    try "{\"Item\": {\"id\": {\"S\": \"a\"}, \"blob\": {\"S\": \"\(big)\"}}}\n".write(to: file, atomically: true, encoding: .utf8)
    let refused = try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl"], in: dir)
    #expect(refused.status == 2 && refused.stderr.contains("big.jsonl:1: line longer than") && refused.stderr.contains("--max-line-bytes"), "\(refused.stderr)")
    let allowed = try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl", "--max-line-bytes", "\(8 << 20)"], in: dir)
    #expect(allowed.status == 0, "\(allowed.stderr)")
  }

  @Test func aDecompressionBombIsRefused() throws {
    let dir = TemporaryDirectory()
    // 300 MiB of blank lines gzip to about 300 KiB (300 gzip members of 1 MiB each).
    let member = try DDBGzip.gzip([UInt8](repeating: 0x0A, count: 1 << 20))
    let file = dir.file("bomb.jsonl.gz")
    var bomb = Data()
    for _ in 0..<300 { bomb.append(contentsOf: member) }
    try bomb.write(to: file)
    let started = Date()
    let refused = try importing(file.path, ["--table", "t", "--key", "id", "--input-format", "jsonl"], in: dir)
    #expect(refused.status == 2 && refused.stderr.contains("decompression bomb"), "\(refused.stderr)")
    #expect(Date().timeIntervalSince(started) < 30)
  }
}
