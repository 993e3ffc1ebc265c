import DDBAuditSamples
import Foundation
import DDBAuditModel
import DDBAuditImport
import DDBAuditChecks

/// Hash-chained audit records and successive exports of them, for verify tests.
///
/// Tests build a clean chain, export it, then export a tampered copy (a record edited,
/// removed, re-signed, moved …) as a later export of the same table, and verify the store.
package final class ChainScenario {
  package static let day: Int64 = 86_400_000
  /// 2026-11-20T06:00:00Z, the samples' export time.
  package static let t0 = SeedTables.sampleExportTime
  package let exports = TemporaryDirectory("ddbaudit-exports")
  package let store = TestStore()
  private var exportCount = 0

  package init() {}

  /// A sealed chain for `user` with one record at each of `times`, each with a ttl of
  /// its time plus `ttlDays` (2557 by default).
  package static func chain(user: String, times: [Int64], ttlDays: Int64 = 2557, seed: UInt64 = 7) -> [Item] {
    var rng = SplitMix64(seed: seed)
    var sealer = ChainSealer()
    return times.map { time in
      var item = SeedTables.auditLog(user: user, time: time, rng: &rng)
      item.set("ttl", .n(time / 1000 + ttlDays * 86_400))
      return sealer.seal(item, chain: user)
    }
  }

  /// `count` records a day apart, the last one a day before `t0`.
  package static func chain(user: String, count: Int, seed: UInt64 = 7) -> [Item] {
    chain(user: user, times: (0..<count).map { t0 - Int64(count - $0) * day }, seed: seed)
  }

  /// Recomputes the record's own hash after an edit (a "re-signed" modification).
  package static func resign(_ item: Item) -> Item {
    var item = item
    item.remove("hash")
    item.set("hash", .s(try! RecordHash.compute(item)))
    return item
  }

  /// Re-seals `items[from...]` as the rest of the chain: seq, prevHash and hash recomputed.
  package static func relink(_ items: [Item], from: Int) -> [Item] {
    var items = items
    for k in from..<items.count {
      items[k].set("seq", .n(k + 1))
      items[k].set("prevHash", .s(k == 0 ? RecordHash.genesis : items[k - 1]["hash"]!.stringValue!))
      items[k] = resign(items[k])
    }
    return items
  }

  /// Writes `items` as a full export of `table` taken at `time`, and imports it.
  @discardableResult
  package func importExport(_ items: [Item], at time: Int64, table: String = "audit_logs") throws -> [ImportResult] {
    exportCount += 1
    let root = exports.url.appendingPathComponent("export-\(exportCount)")
    let fixture = try ExportFixture.write(items, table: table, root: root, exportTime: time, files: 1)
    return try store.importPaths([fixture.folder.path])
  }

  /// Verifies the store as of `asOf` (default: a day after `t0`).
  package func verify(asOf: Int64 = ChainScenario.t0 + ChainScenario.day, table: String? = nil) throws -> VerifyResult {
    try Verifier(store: store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
      .verify(VerifyOptions(table: table, asOf: asOf))
  }
}

extension VerifyResult {
  /// The findings' codes, in order.
  package var codes: [String] { findings.map(\.code.rawValue) }
  /// The findings with `code`.
  package func findings(_ code: FindingCode) -> [Finding] { findings.filter { $0.code == code } }
}
