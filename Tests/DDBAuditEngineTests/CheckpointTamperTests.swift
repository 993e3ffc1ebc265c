import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditStore
@testable import DDBAuditChecks
@testable import DDBAuditCheckpoints

/// Issue 16's tamper matrix: a clean export is checkpointed; a later export, tampered, is
/// imported into a fresh store (a CI runner's) and verified against that checkpoint alone.
@Suite struct CheckpointTamperTests {
  static let signer = try! NoteSigner("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
  static let day = ChainScenario.day
  static let t0 = ChainScenario.t0

  /// Two clean chains of 10 records a day apart, ending a day before t0.
  static func clean() -> [Item] {
    ChainScenario.chain(user: "u-alice", count: 10, seed: 1) + ChainScenario.chain(user: "u-bob", count: 10, seed: 2)
  }

  /// Signs the store's audit_logs as a checkpoint in `folder`, optionally extending `previous`.
  @discardableResult
  static func checkpoint(
    _ scenario: ChainScenario, in folder: TemporaryDirectory, name: String = "a.ckpt", previous: TrustedCheckpoint? = nil,
    asOf: Int64 = t0 + 3 * day
  ) throws -> CheckpointFiles {
    let files = CheckpointFiles(folder.file(name).path)
    let writer = CheckpointWriter(store: try scenario.store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
    let outcome = try writer.write(
      .init(table: "audit_logs", signer: signer, previous: previous, origin: nil, asOf: asOf, output: files))
    guard case .written = outcome else {
      if case .refused(let result) = outcome { Issue.record("refused: \(result.codes)") }
      return files
    }
    return files
  }

  static func trusted(_ files: CheckpointFiles) throws -> TrustedCheckpoint {
    guard case .trusted(let t) = try files.load(trusted: [signer.verifier]) else { throw DDBAuditError.usage("not trusted") }
    return t
  }

  /// A fresh store holding only `items` as an export at `time`, verified against `files`.
  static func verifyFresh(
    _ items: [Item], at time: Int64 = t0 + day, against files: CheckpointFiles, trusted keys: [NoteVerifier] = [signer.verifier],
    asOf: Int64 = t0 + 3 * day
  ) throws -> VerifyResult {
    let fresh = ChainScenario()
    try fresh.importExport(items, at: time)
    var options = VerifyOptions(table: "audit_logs", asOf: asOf)
    options.checkpoints = [try files.load(trusted: keys)]
    return try Verifier(store: try fresh.store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(options)
  }

  static func seq(_ item: Item) -> Int { Int(item["seq"]!.numberText!)! }

  static func above(_ result: VerifyResult, _ severity: Severity = .info) -> [Finding] { result.findings.filter { $0.severity > severity } }

  func signedClean() throws -> (TemporaryDirectory, CheckpointFiles) {
    let scenario = ChainScenario()
    try scenario.importExport(Self.clean(), at: Self.t0)
    let folder = TemporaryDirectory()
    return (folder, try Self.checkpoint(scenario, in: folder))
  }

  @Test func theSameExportOnAFreshStoreHasNoFinding() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    let result = try Self.verifyFresh(Self.clean(), against: files)
    #expect(result.findings.isEmpty, "\(result.findings)")
  }

  @Test func tailsCutAreTruncatedTail() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    let items = Self.clean().filter { Self.seq($0) <= 8 }
    let result = try Self.verifyFresh(items, against: files)
    let cut = result.findings(.truncatedTail)
    #expect(cut.count == 2 && cut.allSatisfy { $0.seq == 9 && $0.seqEnd == 10 }, "\(result.findings)")
  }

  @Test func aWholeChainReSignedIsModifiedAtItsFirstChangedRecord() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    var alice = ChainScenario.chain(user: "u-alice", count: 10, seed: 1)
    alice[4].set("action", .s("DELETE_EVERYTHING"))
    alice = ChainScenario.relink(alice, from: 4)
    let result = try Self.verifyFresh(alice + ChainScenario.chain(user: "u-bob", count: 10, seed: 2), against: files)
    // The chain itself verifies: only the checkpoint shows it was rewritten, from seq 5.
    let modified = result.findings(.modified)
    #expect(modified.count == 1 && modified.first?.seq == 5 && modified.first?.chain == "u-alice", "\(result.findings)")
    #expect(Self.above(result).count == 1)
  }

  @Test func aRecordReSealedAloneIsModifiedAgainstItsSignedLeaf() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    var alice = ChainScenario.chain(user: "u-alice", count: 10, seed: 1)
    alice[3].set("action", .s("NOTHING_TO_SEE"))
    alice[3] = ChainScenario.resign(alice[3])
    let result = try Self.verifyFresh(alice + ChainScenario.chain(user: "u-bob", count: 10, seed: 2), against: files)
    #expect(result.findings(.modified).map(\.seq) == [4], "\(result.findings)")
    #expect(result.findings(.brokenLink).map(\.seq) == [5])
    // Without the leaves file, the head still matches: only the broken link shows.
    try FileManager.default.removeItem(atPath: files.leavesPath)
    let headOnly = try Self.verifyFresh(alice + ChainScenario.chain(user: "u-bob", count: 10, seed: 2), against: files)
    #expect(headOnly.findings(.modified).isEmpty && headOnly.findings(.brokenLink).map(\.seq) == [5])
  }

  @Test func withoutTheLeavesFileARewrittenChainIsModifiedAtItsHead() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    try FileManager.default.removeItem(atPath: files.leavesPath)
    var alice = ChainScenario.chain(user: "u-alice", count: 10, seed: 1)
    alice[4].set("action", .s("DELETE_EVERYTHING"))
    alice = ChainScenario.relink(alice, from: 4)
    let result = try Self.verifyFresh(alice + ChainScenario.chain(user: "u-bob", count: 10, seed: 2), against: files)
    #expect(result.findings(.modified).map(\.seq) == [10], "\(result.findings)")
  }

  @Test func anInsertionWithReLinkIsModifiedWhereItWentIn() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    var alice = ChainScenario.chain(user: "u-alice", count: 10, seed: 1)
    var forged = alice[6]
    forged.set("action", .s("GRANT_ADMIN"))
    forged.set("timestamp#log_id", .s(forged["timestamp#log_id"]!.stringValue! + "-forged"))
    alice.insert(forged, at: 6)
    alice = ChainScenario.relink(alice, from: 6)
    let result = try Self.verifyFresh(alice + ChainScenario.chain(user: "u-bob", count: 10, seed: 2), against: files)
    #expect(result.findings(.modified).map(\.seq) == [7], "\(result.findings)")
  }

  @Test func aTTLShortenedThenExpiredIsMissing() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    // The insider shortened seq 1's ttl and let DynamoDB delete it: the export lacks it, and
    // seq 2 still links to it. The checkpoint signed the real ttl, years ahead.
    let items = Self.clean().filter { !($0["user_id"]!.stringValue == "u-alice" && Self.seq($0) == 1) }
    let result = try Self.verifyFresh(items, against: files)
    let missing = result.findings(.missing)
    #expect(missing.count == 1 && missing.first?.seq == 1 && missing.first?.chain == "u-alice", "\(result.findings)")
    // And one in the middle is MISSING whatever its ttl (spec §5).
    let middle = Self.clean().filter { !($0["user_id"]!.stringValue == "u-bob" && Self.seq($0) == 5) }
    #expect(try Self.verifyFresh(middle, against: files).findings(.missing).map(\.seq) == [5])
  }

  @Test func aRecordAppendedWithADateBeforeTheCheckpointIsBackdated() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    // A new record on u-bob, and a new chain, both dated three days before the signed export.
    let times = (0..<10).map { Self.t0 - Int64(10 - $0) * Self.day } + [Self.t0 - 3 * Self.day]
    let bob = ChainScenario.chain(user: "u-bob", times: times, seed: 2)
    let carol = ChainScenario.chain(user: "u-carol", times: [Self.t0 - 3 * Self.day], seed: 3)
    let items = ChainScenario.chain(user: "u-alice", count: 10, seed: 1) + bob + carol
    let result = try Self.verifyFresh(items, against: files)
    let backdated = result.findings(.backdated)
    #expect(backdated.map(\.chain) == ["u-bob", "u-carol"] && backdated.map(\.seq) == [11, 1], "\(result.findings)")
    // Records dated after the export are new, and fine.
    let later = ChainScenario.chain(user: "u-bob", times: Array(times.dropLast()) + [Self.t0 + Self.day / 2], seed: 2)
    #expect(try Self.verifyFresh(ChainScenario.chain(user: "u-alice", count: 10, seed: 1) + later, against: files).findings(.backdated).isEmpty)
  }

  @Test func anOldExportReplayedIsTruncatedTail() throws {
    let scenario = ChainScenario()
    let older = Self.clean()
    let newer = ChainScenario.chain(user: "u-alice", count: 12, seed: 1) + ChainScenario.chain(user: "u-bob", count: 12, seed: 2)
    try scenario.importExport(newer, at: Self.t0 + Self.day)
    let folder = TemporaryDirectory()
    let files = try Self.checkpoint(scenario, in: folder)
    let result = try Self.verifyFresh(older, at: Self.t0, against: files)
    let cut = result.findings(.truncatedTail)
    #expect(cut.count == 2 && cut.allSatisfy { $0.detail.contains("older than the checkpoint") }, "\(result.findings)")
  }

  @Test func aForgedTTLRemoveIsMissing() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    let fresh = ChainScenario()
    try fresh.importExport(Self.clean(), at: Self.t0 + Self.day)
    // A stream file claims DynamoDB's TTL process removed u-alice seq 1, years before its ttl.
    let first = ChainScenario.chain(user: "u-alice", count: 10, seed: 1)[0]
    let keys = #"{"user_id":{"S":"u-alice"},"timestamp#log_id":{"S":"\#(first["timestamp#log_id"]!.stringValue!)"}}"#
    let old = String(decoding: DynamoJSONEncoder.encode(first), as: UTF8.self)
    let record =
      #"{"eventID":"r-1","eventName":"REMOVE","dynamodb":{"ApproximateCreationDateTime":\#((Self.t0 + Self.day) / 1000 + 60),"Keys":\#(keys),"OldImage":\#(old)},"userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},"eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/audit_logs/stream/x"}"#
    let stream = fresh.exports.file("stream.json")
    try Data(#"{"Records":[\#(record)]}"#.utf8).write(to: stream)
    try fresh.store.importPaths([stream.path])
    var options = VerifyOptions(table: "audit_logs", asOf: Self.t0 + 3 * Self.day)
    options.checkpoints = [try files.load(trusted: [Self.signer.verifier])]
    let result = try Verifier(store: try fresh.store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).verify(options)
    #expect(result.findings(.missing).contains { $0.chain == "u-alice" && $0.seq == 1 }, "\(result.findings)")
  }

  @Test func aBadSignatureOrAnUnknownKeyIsBadSignatureAndTheCheckpointIsNotUsed() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    let cut = Self.clean().filter { Self.seq($0) <= 8 }
    // An unknown key: the note is not trusted, so the cut tails go unseen but the run fails.
    let other = try NoteSigner(generatingFor: "someone.else").verifier
    let unknown = try Self.verifyFresh(cut, against: files, trusted: [other])
    #expect(unknown.codes.contains("BAD_SIGNATURE") && unknown.findings(.truncatedTail).isEmpty, "\(unknown.findings)")
    // A changed note (its size lowered, so that the cut would pass) fails its signature.
    let note = try String(contentsOfFile: files.path, encoding: .utf8)
    try note.replacingOccurrences(of: "\n20\n", with: "\n16\n").write(toFile: files.path, atomically: true, encoding: .utf8)
    let changed = try Self.verifyFresh(cut, against: files)
    #expect(changed.findings(.badSignature).first?.detail.contains("does not verify") == true, "\(changed.findings)")
    // A chain state edited after signing is not the one signed.
    try note.write(toFile: files.path, atomically: true, encoding: .utf8)
    let state = try String(contentsOfFile: files.statePath, encoding: .utf8)
    try state.replacingOccurrences(of: "\"head\": 10", with: "\"head\": 8").write(toFile: files.statePath, atomically: true, encoding: .utf8)
    let edited = try Self.verifyFresh(cut, against: files)
    #expect(edited.findings(.badSignature).first?.detail.contains("not the chain state the note signed") == true, "\(edited.findings)")
  }

  /// Successive clean exports whose chain starts expire between checkpoints: nothing above
  /// info, the expiry shown by the TTLs the first checkpoint signed; the second checkpoint
  /// extends the first, and the consistency proof between them verifies.
  @Test func cleanSuccessiveExportsWhoseStartsExpireHaveNoFindingAndStayConsistent() throws {
    let times = (0..<10).map { Self.t0 - Int64(10 - $0) * Self.day }
    let later = times + [Self.t0 + Self.day / 2, Self.t0 + Self.day * 3 / 4]
    // ttl = time + 5 days: by t0 + 2 days, the records of t0 - 10 … t0 - 4 days have expired.
    let night1 = ChainScenario.chain(user: "u-alice", times: times, ttlDays: 5, seed: 1)
    let all2 = ChainScenario.chain(user: "u-alice", times: later, ttlDays: 5, seed: 1)
    let night2 = Array(all2.dropFirst(4))  // DynamoDB has deleted seq 1–4 (and kept some expired ones)
    let scenario = ChainScenario()
    try scenario.importExport(night1, at: Self.t0)
    let folder = TemporaryDirectory()
    let first = try Self.checkpoint(scenario, in: folder, name: "night1.ckpt")
    let result = try Self.verifyFresh(night2, at: Self.t0 + 2 * Self.day, against: first)
    #expect(Self.above(result).isEmpty, "\(result.findings)")
    #expect(result.findings(.truncatedByRetention).first?.detail.contains("night1.ckpt") == true, "\(result.findings)")

    // The CI runner's next checkpoint, from the fresh store and the first checkpoint alone.
    let runner = ChainScenario()
    try runner.importExport(night2, at: Self.t0 + 2 * Self.day)
    let second = try Self.checkpoint(runner, in: folder, name: "night2.ckpt", previous: try Self.trusted(first))
    let state2 = try Self.trusted(second).state
    #expect(state2.size == 12 && state2.chains.first?.first == 5 && state2.chains.first?.head == 12)
    let proof = try Prover().consistency(from: try Self.trusted(first), to: try Self.trusted(second))
    let verified = try Proofs.verify(proof.bytes(), trusted: [Self.signer.verifier])
    #expect(verified.facts.last?.contains("extends") == true)
    // And a third night on another fresh store still verifies against the second alone.
    let night3 = Array(ChainScenario.chain(user: "u-alice", times: later, ttlDays: 5, seed: 1).dropFirst(6))
    #expect(Self.above(try Self.verifyFresh(night3, at: Self.t0 + 3 * Self.day, against: second, asOf: Self.t0 + 4 * Self.day)).isEmpty)
  }

  @Test func checkpointRefusesAStateThatIsNotAnExtension() throws {
    let (_folder, files) = try signedClean()
    _ = _folder
    let fresh = ChainScenario()
    try fresh.importExport(Self.clean().filter { Self.seq($0) != 10 }, at: Self.t0 + Self.day)
    let writer = CheckpointWriter(store: try fresh.store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
    let out = TemporaryDirectory()
    let outcome = try writer.write(
      .init(table: "audit_logs", signer: Self.signer, previous: try Self.trusted(files), origin: nil, asOf: Self.t0 + 3 * Self.day,
        output: CheckpointFiles(out.file("b.ckpt").path)))
    guard case .refused(let result) = outcome else { Issue.record("signed a truncated state"); return }
    #expect(result.findings(.truncatedTail).count == 2)
    #expect(!FileManager.default.fileExists(atPath: out.file("b.ckpt").path))
  }

  @Test func anInclusionProofVerifiesAndEveryChangeToItFails() throws {
    let scenario = ChainScenario()
    try scenario.importExport(Self.clean(), at: Self.t0)
    let folder = TemporaryDirectory()
    let files = try Self.checkpoint(scenario, in: folder)
    let record = Self.clean()[13]
    let proof = try Prover().inclusion(
      store: try scenario.store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all), pk: record["user_id"]!.stringValue!,
      sk: record["timestamp#log_id"]!.stringValue!, checkpoint: try Self.trusted(files))
    let text = proof.text(pretty: true)
    let facts = try Proofs.verify(Array(text.utf8), trusted: [Self.signer.verifier]).facts
    #expect(facts.count == 3)
    let action = record["action"]!.stringValue!
    let tampered = [
      text.replacingOccurrences(of: "\"\(action)\"", with: "\"X\(action)\""),
      text.replacingOccurrences(of: "\"leafIndex\": \"", with: "\"leafIndex\": \"1"),
      text.replacingOccurrences(of: "\"path\": [\n    \"", with: "\"path\": [\n    \"0"),
    ]
    for bad in tampered {
      #expect(bad != text)
      #expect(throws: Proofs.Failure.self) { try Proofs.verify(Array(bad.utf8), trusted: [Self.signer.verifier]) }
    }
    #expect(throws: Proofs.Failure.self) { try Proofs.verify(Array(text.utf8), trusted: [try NoteSigner(generatingFor: "x").verifier]) }
  }
}
