import Foundation
import Testing
import TestSupport

/// Every input of the committed fuzz corpus (Tests/Fixtures/fuzz/TARGET/, seeds and every
/// input that ever crashed a parser) goes through its target in the normal build: no trap,
/// and the transcoder and the decoder agree. `make fuzz` searches for new ones.
@Suite struct FuzzCorpusTests {
  static let targets = ["decoder", "manifest", "scan", "stream", "lines", "gzip", "merge", "checkpoint"]

  @Test(arguments: targets)
  func everyCorpusInputRunsCleanly(target: String) throws {
    let folder = RepoPaths.fixtures.appendingPathComponent("fuzz/\(target)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0).path }
    #expect(files.count >= 3, "\(target) has seeds")
    let replay = CLI.executable.deletingLastPathComponent().appendingPathComponent("ddbaudit-fuzz")
    let result = try CLI.run([target] + files, executable: replay)
    #expect(result.status == 0, "\(target): \(result.stderr)")
    #expect(result.stdout.contains("\(files.count) inputs replayed through \(target)"))
  }

  @Test func everyTargetHasACorpusAndTheMakefileFuzzesIt() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.fixtures.appendingPathComponent("fuzz").path).sorted()
    #expect(folders == Self.targets.sorted())
    let makefile = try String(contentsOf: RepoPaths.root.appendingPathComponent("Makefile"), encoding: .utf8)
    #expect(makefile.contains("FUZZ_TARGETS := \(Self.targets.joined(separator: " "))"))
  }
}
