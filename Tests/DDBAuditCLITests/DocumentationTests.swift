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

  @Test func everyReadmeExampleRuns() throws {
    let examples = try Self.readmeExamples()
    #expect(examples.count >= 3)
    let dir = TemporaryDirectory()
    for example in examples {
      let arguments = example.split(separator: " ").dropFirst().map(String.init)
      let result = try CLI.run(arguments, environment: ["DDBAUDIT_DB": dir.file("readme.sqlite").path], currentDirectory: RepoPaths.root)
      #expect(result.status == 0, "\(example): \(result.stderr)")
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

  @Test func committedSamplesAreExactlyWhatTheGeneratorMakes() throws {
    let dir = TemporaryDirectory()
    try SeedTables.writeSamples(to: dir.url)
    let fresh = dir.url.appendingPathComponent("exports")
    let committed = RepoPaths.samples.appendingPathComponent("exports")
    let files = FileManager.default.enumerator(atPath: fresh.path)!.compactMap { $0 as? String }.sorted()
    let committedFiles = FileManager.default.enumerator(atPath: committed.path)!.compactMap { $0 as? String }.sorted()
    #expect(files == committedFiles)
    for file in files {
      let a = try? Data(contentsOf: fresh.appendingPathComponent(file))
      let b = try? Data(contentsOf: committed.appendingPathComponent(file))
      #expect(a == b, "Samples/exports/\(file) differs from the generator's; run `make samples`")
    }
  }
}
