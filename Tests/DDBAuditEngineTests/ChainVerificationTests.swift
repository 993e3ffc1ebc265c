import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

let day = ChainScenario.day
let t0 = ChainScenario.t0

/// Verification within one export: spec §4 on the chain as it stands.
@Suite struct ChainVerificationTests {
  @Test func cleanChainsHaveNoFindings() throws {
    let s = ChainScenario()
    try s.importExport(ChainScenario.chain(user: "u-1", count: 10) + ChainScenario.chain(user: "u-2", count: 7), at: t0)
    let result = try s.verify()
    #expect(result.findings.isEmpty)
    #expect(result.summary.chains == 2)
    #expect(result.summary.records == 17)
    #expect(result.summary.intactChains == 2)
  }

  @Test func clean10000ItemExportHasZeroFindings() throws {
    let s = ChainScenario()
    try s.importExport(SeedTables.auditLogs(count: 10_000, users: 40, end: t0 - day, spanDays: 400, seed: 5), at: t0)
    let result = try s.verify()
    #expect(result.findings.isEmpty, "\(result.findings.prefix(3).map(\.line))")
    #expect(result.summary.records == 10_000)
    #expect(result.summary.intactChains == 40)
  }

  @Test func editedRecordIsModified() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 10)
    items[4].set("action", .s("DELETE_EVERYTHING"))
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.codes == ["MODIFIED"])
    #expect(result.findings[0].seq == 5)
    #expect(result.findings[0].severity == .critical)
    #expect(result.findings[0].key?.pk == "u-1")
  }

  @Test func resignedModificationBreaksTheSuccessorsLink() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 10)
    items[4].set("action", .s("DELETE_EVERYTHING"))
    items[4] = ChainScenario.resign(items[4])
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.codes == ["BROKEN_LINK"])
    #expect(result.findings[0].seq == 6)
  }

  @Test func twoRecordsWithTheSameSeqAreAFork() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 6)
    var twin = items[2]
    twin.set("timestamp#log_id", .s(Timestamp.iso8601(milliseconds: t0 - 3 * day) + "#log-twin"))
    items.append(ChainScenario.resign(twin))
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.findings(.fork).count == 1)
    #expect(result.findings(.fork)[0].seq == 3)
    #expect(!result.codes.contains("MODIFIED"))
  }

  @Test func twoRecordsNamingTheSamePrevHashAreAFork() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 6)
    // seq 6 re-pointed at seq 4's hash: two records (5 and 6) name the same predecessor.
    items[5].set("prevHash", items[4]["prevHash"]!)
    items[5] = ChainScenario.resign(items[5])
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.findings(.fork).map(\.seq) == [6])
    #expect(result.findings(.brokenLink).map(\.seq) == [6])
  }

  @Test func deletedMiddleRecordsAreMissingWithRangeAndCount() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 10)
    items.removeSubrange(3...5)  // seq 4, 5, 6
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.codes == ["MISSING"])
    let missing = result.findings[0]
    #expect(missing.seq == 4 && missing.seqEnd == 6)
    #expect(missing.detail.hasPrefix("3 records absent (seq 4–6)"))
  }

  @Test func chainStartingLateWithoutEvidenceIsUnanchored() throws {
    let s = ChainScenario()
    let items = ChainScenario.chain(user: "u-1", count: 10)
    try s.importExport(Array(items.dropFirst(3)), at: t0)
    let result = try s.verify()
    #expect(result.codes == ["UNANCHORED_HEAD"])
    #expect(result.findings[0].seq == 1 && result.findings[0].seqEnd == 3)
    #expect(result.findings[0].severity == .warning)
    #expect(result.findings[0].detail.contains("days before as-of"))
  }

  @Test func recordEarlierThanItsPredecessorIsReordered() throws {
    let s = ChainScenario()
    let times = [t0 - 5 * day, t0 - 4 * day, t0 - 6 * day, t0 - 2 * day]
    try s.importExport(ChainScenario.chain(user: "u-1", times: times), at: t0)
    let result = try s.verify()
    #expect(result.codes == ["REORDERED"])
    #expect(result.findings[0].seq == 3)
  }

  @Test func recordWithoutChainAttributesIsUnchained() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 4)
    items[1].remove("prevHash")
    items[2].set("seq", .s("3"))
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.findings(.unchained).count == 2)
    #expect(result.findings(.unchained).allSatisfy { $0.severity == .error })
  }

  @Test func recordWithNoCanonicalFormIsNoncanonical() throws {
    let s = ChainScenario()
    var items = ChainScenario.chain(user: "u-1", count: 4)
    items[3].set("tags", .numberSet(["1.50", "1.5"]))  // equal after normalisation
    try s.importExport(items, at: t0)
    let result = try s.verify()
    #expect(result.codes == ["NONCANONICAL"])
    #expect(result.findings[0].seq == 4)
  }

  @Test func recordMovedToAnotherUsersChainIsFound() throws {
    let s = ChainScenario()
    var a = ChainScenario.chain(user: "u-a", count: 5)
    let b = ChainScenario.chain(user: "u-b", count: 5, seed: 8)
    var moved = a.remove(at: 2)  // u-a seq 3
    moved.set("user_id", .s("u-b"))
    try s.importExport(a + b + [moved], at: t0)
    let result = try s.verify()
    #expect(result.findings.contains { $0.code == .missing && $0.chain == "u-a" && $0.seq == 3 })
    #expect(result.findings.contains { $0.code == .modified && $0.chain == "u-b" && $0.seq == 3 })
    #expect(result.findings.contains { $0.code == .fork && $0.chain == "u-b" })
  }

  @Test func findingsComeInADeterministicOrder() throws {
    let s = ChainScenario()
    var a = ChainScenario.chain(user: "u-😀", count: 5)
    var b = ChainScenario.chain(user: "u-\u{FFFD}", count: 5, seed: 9)
    a[1].set("action", .s("X"))
    b[3].set("action", .s("Y"))
    a.remove(at: 3)
    try s.importExport(b + a, at: t0)
    let result = try s.verify()
    // UTF-16 order: U+1F600 (D83D…) sorts before U+FFFD.
    #expect(result.findings.map { "\($0.chain!)/\($0.seq!)/\($0.code)" } == ["u-😀/2/MODIFIED", "u-😀/4/MISSING", "u-\u{FFFD}/4/MODIFIED"])
  }
}
