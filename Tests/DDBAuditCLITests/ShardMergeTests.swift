import DDBAuditModel
import Foundation
import Testing
import TestSupport

/// `import --shard K/N` and `merge`: four shards give, merged, the bytes of one whole store.
@Suite struct ShardMergeTests {
  static let asOf = ["--as-of", "2026-11-21T12:00:00Z", "--format", "json", "--exit-zero"]
  static let inputs = [RepoPaths.samples.appendingPathComponent("exports").path, RepoPaths.samples.appendingPathComponent("tampered").path]

  /// The samples, tampered export included, imported whole and as 4 shards; the JSON of
  /// `command` over the whole store, and over each shard (written to files, in shard order).
  static func results(_ command: String, in dir: TemporaryDirectory) throws -> (whole: String, shards: [String]) {
    let whole = dir.file("whole.sqlite").path
    #expect(try CLI.run(["import"] + inputs + ["--db", whole, "--quiet"]).status == 0)
    let expected = try CLI.run([command, "--db", whole] + asOf)
    #expect(expected.status == 0, "\(expected.stderr)")
    var files: [String] = []
    for k in 0..<4 {
      let db = dir.file("shard-\(k).sqlite").path
      let imported = try CLI.run(["import"] + inputs + ["--db", db, "--shard", "\(k)/4"])
      #expect(imported.status == 0 && imported.stdout.contains("(shard \(k)/4)"), "\(imported.stderr)")
      let file = dir.file("\(command)-\(k).json").path
      let result = try CLI.run([command, "--db", db, "--output", file] + asOf)
      #expect(result.status == 0, "\(result.stderr)")
      files.append(file)
    }
    return (expected.stdout, files)
  }

  @Test(arguments: ["verify", "retention"])
  func fourShardsMergeToTheWholeStoresBytes(command: String) throws {
    let dir = TemporaryDirectory()
    let (whole, files) = try Self.results(command, in: dir)
    // Every shard holds a part: none is the whole, and the tampering is found once in all.
    let texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
    #expect(texts.allSatisfy { $0 != whole && $0.contains("\"shard\": \"") })
    let merged = try CLI.run(["merge"] + files.reversed())
    #expect(merged.stdout == whole, "merged:\n\(merged.stdout.prefix(2000))\nwhole:\n\(whole.prefix(2000))")
    // Findings decide the exit code as for verify and retention (the samples have critical ones).
    #expect(merged.status == 1, "\(merged.stderr)")
    #expect(try CLI.run(["merge", "--exit-zero"] + files).status == 0)
  }

  /// Incremental exports and stream records (whose REMOVEs may carry keys only) go to the
  /// shard that holds their key's chain.
  @Test func changeImportsFollowTheirChains() throws {
    let dir = TemporaryDirectory()
    let formats = RepoPaths.samples.appendingPathComponent("formats")
    func imports(_ db: String, _ shard: [String]) throws {
      #expect(try CLI.run(["import", Self.inputs[0], formats.appendingPathComponent("incremental").path, "--db", db, "--quiet"] + shard).status == 0)
      for (file, table) in [("stream/audit_logs.lambda.json", "audit_logs"), ("stream/events.getrecords.json", "events")] {
        let result = try CLI.run(["import", formats.appendingPathComponent(file).path, "--table", table, "--db", db, "--quiet"] + shard)
        #expect(result.status == 0, "\(result.stderr)")
      }
    }
    let when = ["--as-of", "2026-11-22T12:00:00Z", "--format", "json", "--exit-zero"]
    let whole = dir.file("whole.sqlite").path
    try imports(whole, [])
    var files: [String] = []
    for k in 0..<2 {
      let db = dir.file("s\(k).sqlite").path
      try imports(db, ["--shard", "\(k)/2"])
      files.append(dir.file("v\(k).json").path)
      #expect(try CLI.run(["verify", "--db", db, "--output", files[k]] + when).status == 0)
    }
    let expected = try CLI.run(["verify", "--db", whole] + when)
    #expect(expected.stdout.contains("\"records\""), "\(expected.stderr)")
    #expect(try CLI.run(["merge", "--exit-zero"] + files).stdout == expected.stdout)
  }

  @Test func mergeRefusesAnIncompleteOrMixedSetNamingTheFile() throws {
    let dir = TemporaryDirectory()
    let (_, verify) = try Self.results("verify", in: dir)
    let missing = try CLI.run(["merge", verify[0], verify[2], verify[3]])
    #expect(missing.status == 64 && missing.stderr.contains("shard 1/4") && missing.stderr.contains("missing"), "\(missing.stderr)")
    let twice = try CLI.run(["merge", verify[0], verify[0], verify[1], verify[2]])
    #expect(twice.status == 2 && twice.stderr.contains("is shard 0/4, and so is"), "\(twice.stderr)")
    // A shard judged at another time.
    let late = dir.file("late.json").path
    #expect(try CLI.run(["verify", "--db", dir.file("shard-1.sqlite").path, "--output", late, "--as-of", "2026-11-22", "--format", "json", "--exit-zero"]).status == 0)
    let mixed = try CLI.run(["merge", verify[0], late, verify[2], verify[3]])
    #expect(mixed.status == 2 && mixed.stderr.contains("late.json") && mixed.stderr.contains("--as-of"), "\(mixed.stderr)")
    // A tampered shard result: its table listing no longer agrees.
    var text = try String(contentsOfFile: verify[3], encoding: .utf8)
    text = text.replacingOccurrences(of: "\"imports\": 2", with: "\"imports\": 3")
    let forged = dir.file("forged.json")
    try text.write(to: forged, atomically: true, encoding: .utf8)
    let contradicting = try CLI.run(["merge", verify[0], verify[1], verify[2], forged.path])
    #expect(contradicting.status == 2 && contradicting.stderr.contains("forged.json") && contradicting.stderr.contains("differs"), "\(contradicting.stderr)")
    let notJSON = dir.file("notes.json")
    try "{\"schema\": ".write(to: notJSON, atomically: true, encoding: .utf8)
    let broken = try CLI.run(["merge", notJSON.path])
    #expect(broken.status == 2 && broken.stderr.contains("notes.json: not JSON"), "\(broken.stderr)")
  }

  @Test func aStoreHoldsOneShardOrWholeTables() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("s.sqlite").path
    #expect(try CLI.run(["import", Self.inputs[0], "--db", db, "--shard", "1/4", "--quiet"]).status == 0)
    let whole = try CLI.run(["import", Self.inputs[1], "--db", db])
    #expect(whole.status == 64 && whole.stderr.contains("holds shard 1/4 only"), "\(whole.stderr)")
    let other = try CLI.run(["import", Self.inputs[1], "--db", db, "--shard", "2/4"])
    #expect(other.status == 64 && other.stderr.contains("holds shard 1/4 only"), "\(other.stderr)")
    let bad = try CLI.run(["import", Self.inputs[1], "--db", db, "--shard", "4/4"])
    #expect(bad.status == 64 && bad.stderr.contains("--shard \"4/4\" is not K/N"), "\(bad.stderr)")
    let sharded = try SampleStore.copy(into: dir)
    let into = try CLI.run(["import", Self.inputs[1], "--db", sharded, "--shard", "0/2"])
    #expect(into.status == 64 && into.stderr.contains("holds whole tables"), "\(into.stderr)")
  }
}

@Suite struct ShardTests {
  @Test func shardsParseAndSplitByTheSHA256OfTheUnit() {
    #expect(Shard("0/4") == Shard(index: 0, count: 4))
    for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/4/2", "", "٣/4", "1/5000"] { #expect(Shard(bad) == nil, "\(bad)") }
    // The first 8 bytes of SHA-256("user-0001"), big-endian, modulo N: fixed across machines.
    #expect(Shard.part(of: "", count: 1) == 0)
    let parts = (0..<1000).map { Shard.part(of: "user-\($0)", count: 4) }
    for k in 0..<4 { #expect((200...300).contains(parts.count { $0 == k }), "shard \(k) holds \(parts.count { $0 == k }) of 1000") }
    #expect(Shard(index: 2, count: 4)!.holds("user-1") == (Shard.part(of: "user-1", count: 4) == 2))
  }

  @Test func jsonValuesParseBackToTheirBytes() throws {
    let value = JSONValue.object([
      ("a\"b\\c", .array([.int(-3), .number("1.5e3"), .null, .bool(true), .string("é\n\u{1}")])), ("", .object([])),
      ("big", .number("123456789012345678901234567890")),
    ])
    for pretty in [false, true] {
      #expect(try JSONValue.parse(value.bytes(pretty: pretty)).bytes() == value.bytes())
    }
    #expect(throws: DynamoJSONError.self) { try JSONValue.parse(Array("{\"a\":1} x".utf8)) }
    #expect(throws: DynamoJSONError.self) { try JSONValue.parse(Array(String(repeating: "[", count: 100).utf8)) }
  }
}
