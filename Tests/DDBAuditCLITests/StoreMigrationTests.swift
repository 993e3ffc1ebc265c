import DDBGzip
import DDBSQLite
import Foundation
import Testing
import TestSupport

/// A store written before migration v4 (sightings, first_seen and last_seen) keeps every
/// import's state and every finding when the current ddbaudit upgrades it to validity spans.
/// Tests/Fixtures/stores/README.md says how the fixture was made.
@Suite struct StoreMigrationTests {
  static let fixtures = RepoPaths.fixtures.appendingPathComponent("stores")

  /// Restores the v3 dump into a store file, and returns each import's sighted versions.
  static func restoreV3(into directory: TemporaryDirectory) throws -> (path: String, states: [Int64: Set<Int64>]) {
    let compressed = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("v3.sql.gz")))
    var dump: [UInt8] = []
    let inflater = try Inflater()
    try compressed.withUnsafeBytes { try inflater.push($0) { dump += $0 } }
    try inflater.finish()
    let path = directory.file("v3.sqlite").path
    let db = try Connection(path: path, mode: .readWriteCreate)
    try db.execute(String(decoding: dump, as: UTF8.self))
    var states: [Int64: Set<Int64>] = [:]
    let sightings = try db.prepare("SELECT import_id, item_id FROM sightings")
    while try sightings.step() { states[sightings.int(0), default: []].insert(sightings.int(1)) }
    let imports = try db.prepare("SELECT id FROM imports")
    while try imports.step() { states[imports.int(0), default: []] = states[imports.int(0)] ?? [] }
    return (path, states)
  }

  @Test func everyImportKeepsItsStateThroughTheMigration() throws {
    let dir = TemporaryDirectory()
    let (path, sighted) = try Self.restoreV3(into: dir)
    #expect(sighted.count == 19)
    // A read-only command asks for the upgrade; the first writing command makes it.
    let readOnly = try CLI.run(["tables", "--db", path])
    #expect(readOnly.status == 2 && readOnly.stderr.contains("upgrade"), "\(readOnly.stderr)")
    let upgrade = try CLI.run(["import", RepoPaths.samples.appendingPathComponent("exports").path, "--db", path, "--quiet"])
    #expect(upgrade.status == 0, "\(upgrade.stderr)")

    let db = try Connection(path: path, mode: .readOnly)
    #expect(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'sightings'") == 0)
    #expect(try db.scalarInt("SELECT count(*) FROM pragma_table_info('items') WHERE name IN ('first_seen', 'last_seen')") == 0)
    let state = try db.prepare(
      """
      SELECT s.item_id FROM spans s JOIN imports p ON p.id = ?1
      WHERE s.table_id = p.table_id AND s.from_import <= ?1 AND (s.to_import IS NULL OR s.to_import > ?1)
      """)
    for (importID, versions) in sighted {
      try state.bind([.int(importID)])
      var held = Set<Int64>()
      while try state.step() { held.insert(state.int(0)) }
      try state.reset()
      #expect(held == versions, "import \(importID)")
    }
    // orders' item b went at night 2 and came back at night 3: two spans.
    #expect(
      try db.scalarInt(
        "SELECT count(*) FROM spans s JOIN items i ON i.id = s.item_id JOIN tables t ON t.id = i.table_id WHERE t.name = 'orders' AND i.pk = 'b'")
        == 2)
    withExtendedLifetime(dir) {}
  }

  @Test func verifyAndRetentionSayWhatTheOldBinarySaid() throws {
    let dir = TemporaryDirectory()
    let (path, _) = try Self.restoreV3(into: dir)
    // An import of nothing new upgrades the store and changes no state.
    let upgrade = try CLI.run(["import", RepoPaths.samples.appendingPathComponent("exports").path, "--db", path, "--quiet"])
    #expect(upgrade.status == 0, "\(upgrade.stderr)")
    for command in ["verify", "retention"] {
      let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("v3.\(command).json"), encoding: .utf8)
      let result = try CLI.run([command, "--db", path, "--as-of", "2026-11-25T00:00:00Z", "--format", "json"])
      #expect(result.status == 1, "\(command): \(result.stderr)")
      #expect(result.stdout == expected, "\(command)")
    }
    withExtendedLifetime(dir) {}
  }
}
