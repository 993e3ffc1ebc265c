import DDBAuditSamples
import Foundation
import Testing
import TestSupport

@Suite struct DocumentationTests {
  /// Every `ddbaudit …` line in the README's sh blocks, in order.
  static func readmeExamples() throws -> [String] {
    let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    var examples: [String] = []
    var inShell = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") {
        inShell = line == "```sh"
        continue
      }
      if inShell && line.hasPrefix("ddbaudit ") { examples.append(String(line)) }
    }
    return examples
  }

  /// Runs every README example in order against one store, in a scratch directory that
  /// sees the repository's Samples/. An example ending in `# exits N` must exit N; the
  /// others must exit 0.
  @Test func everyReadmeExampleRuns() throws {
    let examples = try Self.readmeExamples()
    #expect(examples.count >= 3)
    let dir = TemporaryDirectory()
    try FileManager.default.createSymbolicLink(at: dir.file("Samples"), withDestinationURL: RepoPaths.samples)
    for example in examples {
      let parts = example.components(separatedBy: "#")
      let command = example.contains("  #") ? example.components(separatedBy: "  #")[0] : example
      var expected: Int32 = 0
      if let comment = parts.last, example.contains("  #"), let range = comment.range(of: "exits ") {
        expected = Int32(comment[range.upperBound...].prefix { $0.isNumber }) ?? 0
      }
      let arguments = command.split(separator: " ").dropFirst().map(String.init)
      let result = try CLI.run(arguments, environment: ["DDBAUDIT_DB": dir.file("readme.sqlite").path], currentDirectory: dir.url)
      #expect(result.status == expected, "\(example): \(result.stderr)")
    }
  }

  @Test func theReadmeOpensWithTheTwoCommands() throws {
    let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    let firstBlock = text.components(separatedBy: "```sh\n")[1].components(separatedBy: "```")[0]
    #expect(firstBlock.hasPrefix("make demo") && firstBlock.contains("make test"))
  }

  @Test func everySubcommandIsInTheReadme() throws {
    let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    let help = try CLI.run(["--help"]).stdout
    // Subcommand lines are indented by exactly two spaces; wrapped descriptions by more.
    let subcommands = help.components(separatedBy: "SUBCOMMANDS:").last!.split(separator: "\n")
      .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
      .compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0 != "help" && $0 != "See" }
    #expect(!subcommands.isEmpty)
    for name in subcommands { #expect(text.contains("ddbaudit \(name)"), "README lacks `ddbaudit \(name)`") }
  }

  /// A clone with nothing beside it must build, test and document itself: no source, test,
  /// doc or script may name a path outside the repository.
  @Test func nothingReachesOutsideTheRepository() throws {
    let roots = ["Sources", "Tests", "docs", "scripts", "Benchmarks", "Samples", "Reports", ".ci", "Makefile", "README.md", "Package.swift"]
    let forbidden = ["../shared", "/work/", "shared/specs", "shared/reference"]
    var checked = 0
    for root in roots {
      let url = RepoPaths.root.appendingPathComponent(root)
      var files: [URL] = []
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL { files.append(file) }
      } else {
        files.append(url)
      }
      for file in files where ["swift", "md", "sh", "json", "yml", ""].contains(file.pathExtension) || file.lastPathComponent == "Makefile" {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
        checked += 1
        // This test names the strings it forbids; skip its own lines that do so.
        for line in text.split(separator: "\n") where !line.contains("forbidden") {
          for needle in forbidden { #expect(!line.contains(needle), "\(file.path) reaches outside the repository: \(line)") }
        }
      }
    }
    #expect(checked > 50)
  }

  @Test func committedSamplesAreExactlyWhatTheGeneratorMakes() throws {
    let dir = TemporaryDirectory()
    try SeedTables.writeSamples(to: dir.url)
    let fresh = dir.url
    let committed = RepoPaths.samples
    let generated = try FileManager.default.contentsOfDirectory(atPath: fresh.path)
    #expect(generated.contains("exports") && generated.contains("tampered"))
    let files = FileManager.default.enumerator(atPath: fresh.path)!.compactMap { $0 as? String }.sorted()
    let committedFiles = FileManager.default.enumerator(atPath: committed.path)!.compactMap { $0 as? String }
      .filter { file in generated.contains { file == $0 || file.hasPrefix($0 + "/") } }.sorted()
    #expect(files == committedFiles)
    for file in files {
      let a = try? Data(contentsOf: fresh.appendingPathComponent(file))
      let b = try? Data(contentsOf: committed.appendingPathComponent(file))
      #expect(a == b, "Samples/\(file) differs from the generator's; run `make samples`")
    }
  }
}
