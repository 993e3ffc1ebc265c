import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

/// Verification across successive exports: what the store saw before (spec §5).
@Suite struct CrossExportVerificationTests {
  /// Three records 8 years old whose ttl passes between the two exports, then seven recent ones.
  static func agingChain() -> [Item] {
    let old = (0..<3).map { t0 - 2920 * day + Int64($0) * day }
    let recent = (0..<7).map { t0 - 30 * day + Int64($0) * day }
    return ChainScenario.chain(user: "u-1", times: old + recent)
  }
  /// Before the old records' ttl (2557 days after them), and after.
  static let beforeExpiry = t0 - 2920 * day + 2000 * day
  static let afterExpiry = t0

  @Test func prefixSeenEarlierWithPastTTLIsTruncatedByRetention() throws {
    let s = ChainScenario()
    let items = Self.agingChain()
    try s.importExport(items, at: Self.beforeExpiry)
    try s.importExport(Array(items.dropFirst(3)), at: Self.afterExpiry)
    let result = try s.verify()
    #expect(result.codes == ["EXPIRED", "TRUNCATED_BY_RETENTION"])
    #expect(result.findings.allSatisfy { $0.severity == .info })
    #expect(result.findings(.truncatedByRetention)[0].seq == 1)
    #expect(result.findings(.truncatedByRetention)[0].seqEnd == 3)
    #expect(result.summary.intactChains == 1)
  }

  /// Issue 16's first hole: a middle record's ttl shortened (and the chain re-sealed), then
  /// let expire, was excused as EXPIRED. Only a prefix may expire (spec §5).
  @Test func aMiddleRecordGoneAfterAShortenedTTLIsMissing() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 10)
    items[4].set("ttl", .n((ChainScenario.t0 - 5 * day) / 1000))
    items = ChainScenario.relink(items, from: 4)
    try s.importExport(items, at: ChainScenario.t0 - 6 * day)
    try s.importExport(items.enumerated().filter { $0.offset != 4 }.map(\.element), at: ChainScenario.t0)
    let result = try s.verify()
    #expect(result.codes == ["MISSING"], "\(result.findings.map(\.detail))")
    #expect(result.findings[0].seq == 5 && result.findings[0].seqEnd == 5)
    #expect(result.findings[0].detail.contains("only a chain's oldest records may expire"))
  }

  @Test func prefixDeletedWhileTTLInFutureIsMissing() throws {
    let s = ChainScenario()
    let items = Self.agingChain()
    let second = Self.beforeExpiry + 10 * day  // still before the old records' ttl
    try s.importExport(items, at: Self.beforeExpiry)
    try s.importExport(Array(items.dropFirst(3)), at: second)
    let result = try s.verify(asOf: second + day)
    #expect(result.codes == ["MISSING"])
    #expect(result.findings[0].seq == 1 && result.findings[0].seqEnd == 3)
    #expect(result.findings[0].detail.contains("deleted early"))
  }

  @Test func deletionIsJudgedAtTheExportThatFirstLacksTheRecord() throws {
    // Deleted early (export 2), and by export 3 the ttl has passed: still MISSING.
    let s = ChainScenario()
    let items = Self.agingChain()
    try s.importExport(items, at: Self.beforeExpiry)
    try s.importExport(Array(items.dropFirst(3)), at: Self.beforeExpiry + day)
    try s.importExport(Array(items.dropFirst(3)), at: Self.afterExpiry)
    #expect(try s.verify().codes == ["MISSING"])
  }

  @Test func changedRecordIsModifiedEvenWhenTheWholeRestIsRelinked() throws {
    let s = ChainScenario()
    let items = ChainScenario.chain(user: "u-1", count: 10)
    try s.importExport(items, at: t0 - day)
    var tampered = items
    tampered[4].set("ip_address", .s("198.51.100.7"))
    tampered = ChainScenario.relink(tampered, from: 4)
    try s.importExport(tampered, at: t0)
    let result = try s.verify()
    #expect(result.codes == Array(repeating: "MODIFIED", count: 6))
    #expect(result.findings.map(\.seq) == [5, 6, 7, 8, 9, 10])
    #expect(result.findings[0].detail.contains("\"ip_address\""))
    #expect(result.findings[0].detail.contains("recomputed"))
  }

  @Test func removedTailIsTruncatedTail() throws {
    let s = ChainScenario()
    let items = ChainScenario.chain(user: "u-1", count: 10)
    try s.importExport(items, at: t0 - day)
    try s.importExport(Array(items.prefix(8)), at: t0)
    let result = try s.verify()
    #expect(result.codes == ["TRUNCATED_TAIL"])
    #expect(result.findings[0].seq == 9 && result.findings[0].seqEnd == 10)
  }

  @Test func recordSlippedInWithAPastDateIsBackdated() throws {
    let s = ChainScenario()
    let times = (0..<5).map { t0 - 10 * day + Int64($0) * day }
    let clean = ChainScenario.chain(user: "u-1", times: times + [t0 - 3 * day])
    try s.importExport(Array(clean.prefix(5)), at: t0 - 2 * day)
    // Appended properly after the first export, but claiming a time before it.
    try s.importExport(clean, at: t0)
    let result = try s.verify()
    #expect(result.codes == ["BACKDATED"])
    #expect(result.findings[0].seq == 6)
  }

  @Test func newRecordsWithinTheToleranceAreNotBackdated() throws {
    let s = ChainScenario()
    let times = (0..<5).map { t0 - 10 * day + Int64($0) * day }
    let clean = ChainScenario.chain(user: "u-1", times: times + [t0 - 2 * day - 600_000])
    try s.importExport(Array(clean.prefix(5)), at: t0 - 2 * day)
    try s.importExport(clean, at: t0)
    #expect(try s.verify().findings.isEmpty)
  }

  @Test func growingChainsAcrossExportsStayIntact() throws {
    let s = ChainScenario()
    let items = ChainScenario.chain(user: "u-1", count: 12)
    try s.importExport(Array(items.prefix(8)), at: t0 - 5 * day + 3_600_000)
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.findings.isEmpty)
    #expect(result.summary.records == 12)
  }

  @Test func immutableFieldChangeOnAnUnchainedTableIsModified() throws {
    let s = ChainScenario()
    let events = SeedTables.events(count: 20, end: t0, seed: 4)
    try s.importExport(events, at: t0 - day, table: "events")
    var later = events
    later[3].set("status", .s("processed"))  // mutable: fine
    later[3].set("status#timestamp", .s("processed#" + Timestamp.iso8601(milliseconds: t0)))
    later[7].set("event_type", .s("payment.refunded"))  // immutable
    try s.importExport(later, at: t0, table: "events")
    let result = try s.verify()
    #expect(result.codes == ["MODIFIED"])
    #expect(result.findings[0].table == "events")
    #expect(result.findings[0].detail.contains("\"event_type\""))
    #expect(result.findings[0].chain == nil)
  }
}
