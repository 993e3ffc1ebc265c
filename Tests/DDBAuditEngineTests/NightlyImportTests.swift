import DDBAuditSamples
import DDBSQLite
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditStore
@testable import DDBAuditImport
@testable import DDBAuditChecks

/// Successive nightly exports (Benchmarks/nightly.sh, smaller): each night adds a version per
/// new record and closes a span per expired one, the store lays a shuffled export out in chain
/// order, and records that expired by their ttl are not flagged.
@Suite struct NightlyImportTests {
  static let items = 1_000

  static func importNight(_ night: Int, into store: TestStore, exports: TemporaryDirectory) throws -> ImportResult {
    let folder = try NightlyExport(items: items, night: night).write(to: exports.url.appendingPathComponent("night-\(night)"), shuffled: true)
    return try #require(try store.importPaths([folder.path]).first)
  }

  @Test func aShuffledExportIsStoredInChainOrder() throws {
    let store = TestStore()
    let exports = TemporaryDirectory()
    _ = try Self.importNight(0, into: store, exports: exports)
    let db = try Connection(path: store.path, mode: .readOnly)
    let rows = try db.prepare("SELECT id FROM items ORDER BY chain_id, seq")
    var ids: [Int64] = []
    while try rows.step() { ids.append(rows.int(0)) }
    #expect(ids.count == Self.items)
    // One run (the export is smaller than the layout buffer): ids rise in chain order.
    #expect(ids == ids.sorted())
  }

  @Test func eachNightWritesWhatChangedAndExpiryIsNotFlagged() throws {
    let store = TestStore()
    let exports = TemporaryDirectory()
    for night in 0...2 {
      let result = try Self.importNight(night, into: store, exports: exports)
      let expected = NightlyExport(items: Self.items, night: night)
      let db = try Connection(path: store.path, mode: .readOnly)
      let closed = try db.scalarInt("SELECT count(*) FROM spans WHERE to_import IS NOT NULL") ?? -1
      let open = try db.scalarInt("SELECT count(*) FROM spans WHERE to_import IS NULL") ?? -1
      // Every record ever written has one span; those gone are closed, the rest open.
      #expect(try db.scalarInt("SELECT count(*) FROM items") == Int64(Self.items + night * 2_000))
      #expect(open == result.items)
      #expect(closed + open == Int64(Self.items + night * 2_000))
      #expect(result.newVersions == (night == 0 ? Int64(Self.items) : 2_000))
      let verify = try Verifier(store: store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
        .verify(VerifyOptions(asOf: expected.exportTime + 3_600_000))
      #expect(verify.findings.allSatisfy { $0.severity == .info }, "night \(night): \(verify.findings.map(\.code.rawValue))")
      if night >= 2 { #expect(closed > 0, "records expire from night 2 on") }
    }
  }
}
