import Foundation
import Testing
import TestSupport

/// A CI gate that checks nothing must not pass: verify, retention and run exit 2 on a missing
/// store, an empty store and a table with no items, and a failed import leaves no store.
@Suite struct GateTests {
  static let asOf = ["--as-of", "2026-11-21"]

  @Test func aMissingStoreFailsEveryGate() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("missing.sqlite").path
    for args in [["verify"] + Self.asOf, ["retention"] + Self.asOf, ["retention", "--format", "junit", "--output", dir.file("r.xml").path], ["tables"]] {
      let result = try CLI.run(args + ["--db", db], currentDirectory: dir.url)
      #expect(result.status == 2 && result.stderr.contains("nothing to check"), "\(args): \(result.status) \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: db), "no store appears")
    #expect(!FileManager.default.fileExists(atPath: dir.file("r.xml").path), "no JUnit with tests=\"0\"")
  }

  @Test func aFailedFirstImportLeavesNoStoreFile() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("new.sqlite").path
    try FileManager.default.createDirectory(at: dir.file("empty"), withIntermediateDirectories: true)
    let empty = try CLI.run(["import", dir.file("empty").path, "--db", db])
    #expect(empty.status == 2)
    let bad = dir.file("bad.jsonl")
    try "{\"Item\": {\"id\": {\"S\": \"a\"}}}\nnot json\n".write(to: bad, atomically: true, encoding: .utf8)
    let broken = try CLI.run(["import", bad.path, "--table", "t", "--key", "id", "--input-format", "jsonl", "--db", db])
    #expect(broken.status == 2 && broken.stderr.contains("bad.jsonl:2"), "\(broken.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("new.sqlite") }
    #expect(files.isEmpty, "\(files)")
    // A gate run after it still fails.
    #expect(try CLI.run(["verify", "--db", db]).status == 2)
  }

  @Test func anEmptyStoreOrATableWithNoItemsHasNothingToCheck() throws {
    let dir = TemporaryDirectory()
    // An export of a table with no items: a store with a table and nothing in it.
    let emptyScan = dir.file("empty-scan.json")
    try #"{"Items": [], "Count": 0, "ScannedCount": 0}"#.write(to: emptyScan, atomically: true, encoding: .utf8)
    let db = dir.file("s.sqlite").path
    let imported = try CLI.run(["import", emptyScan.path, "--table", "orders", "--key", "id", "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    for args in [["verify"], ["retention"]] {
      let result = try CLI.run(args + ["--db", db] + Self.asOf)
      #expect(result.status == 2 && result.stderr.contains("nothing to check"), "\(args): \(result.stderr)")
    }
    let samples = try SampleStore.copy(into: dir, as: "samples.sqlite")
    for args in [["verify", "--table", "nope"], ["retention", "--table", "nope"]] {
      let result = try CLI.run(args + ["--db", samples] + Self.asOf)
      #expect(result.status == 2 && result.stderr.contains("nothing to check"), "\(args): \(result.stderr)")
    }
    #expect(try CLI.run(["verify", "--db", samples, "--table", "audit_logs"] + Self.asOf).status == 0)
  }

  @Test func aRunOverAnEmptyFolderFails() throws {
    let dir = TemporaryDirectory()
    try FileManager.default.createDirectory(at: dir.file("exports"), withIntermediateDirectories: true)
    let config = dir.file("nightly.json")
    try #"{"db": "store.sqlite", "imports": ["exports"], "outputDir": "reports", "reports": ["integrity"]}"#
      .write(to: config, atomically: true, encoding: .utf8)
    let result = try CLI.run(["run", "--config", config.path] + Self.asOf)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("store.sqlite").path))
  }
}
