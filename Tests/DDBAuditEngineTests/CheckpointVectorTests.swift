import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditChecks
@testable import DDBAuditCheckpoints

/// The committed checkpoint of `Samples/exports/audit_logs`, signed with Go's documented test
/// key: Ed25519 is deterministic, so signing the samples again gives the same bytes, and an
/// independent implementation of docs/checkpoint.md must reproduce them.
@Suite struct CheckpointVectorTests {
  static let folder = RepoPaths.fixtures.appendingPathComponent("checkpoint/samples")
  static let signer = try! NoteSigner("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")

  @Test func signingTheSamplesAgainGivesTheCommittedBytes() throws {
    let store = try TestStore.samples()
    let out = TemporaryDirectory()
    let files = CheckpointFiles(out.file("audit_logs.ckpt").path)
    let outcome = try CheckpointWriter(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all)).write(
      .init(table: "audit_logs", signer: Self.signer, previous: nil, origin: nil, asOf: ChainScenario.t0 + ChainScenario.day, output: files))
    guard case .written = outcome else { Issue.record("the samples were not signed"); return }
    let committed = CheckpointFiles(Self.folder.appendingPathComponent("audit_logs.ckpt").path)
    if ProcessInfo.processInfo.environment["DDBAUDIT_WRITE_VECTORS"] == "1" {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      for (from, to) in [(files.path, committed.path), (files.statePath, committed.statePath), (files.leavesPath, committed.leavesPath)] {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
      }
    }
    for (made, kept) in [(files.path, committed.path), (files.statePath, committed.statePath), (files.leavesPath, committed.leavesPath)] {
      #expect(FileManager.default.contents(atPath: made) == FileManager.default.contents(atPath: kept), "\(kept) differs from a fresh signing")
    }
    // And it verifies under the documented verifier key.
    let verifier = try NoteVerifier("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
    guard case .trusted(let trusted) = try committed.load(trusted: [verifier]) else { Issue.record("not trusted"); return }
    #expect(trusted.state.size == 300 && trusted.state.chains.count == 12 && trusted.leaf != nil)
  }
}
