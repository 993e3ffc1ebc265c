import DDBAuditSamples
import Foundation
import Testing
import TestSupport

/// One `ddbaudit …` line of a ```sh block in the README or docs/, with what it promises.
struct DocExample: CustomStringConvertible {
  var file: String
  var line: Int
  var command: String
  /// `# exits N` (default 0).
  var status: Int32 = 0
  /// `# N rows`: a query prints exactly N data rows.
  var rows: Int? = nil
  /// An untagged ``` block right after the ```sh block: lines the output must contain
  /// (lines with "…" are left out).
  var output: [String] = []

  var description: String { "\(file):\(line): \(command)" }

  /// Every example of a Markdown file, in order.
  static func all(in url: URL) throws -> [DocExample] {
    let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    var examples: [DocExample] = []
    var index = 0
    while index < lines.count {
      guard lines[index] == "```sh" else {
        index += 1
        continue
      }
      index += 1
      var last: Int? = nil
      while index < lines.count && !lines[index].hasPrefix("```") {
        let text = lines[index]
        if text.hasPrefix("ddbaudit ") {
          var example = DocExample(file: url.lastPathComponent, line: index + 1, command: text)
          if let hash = text.range(of: "  #") {
            example.command = String(text[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
            let comment = text[hash.upperBound...]
            if let r = comment.range(of: "exits ") { example.status = Int32(comment[r.upperBound...].prefix { $0.isNumber }) ?? 0 }
            if let r = comment.range(of: " rows") {
              example.rows = Int(comment[..<r.lowerBound].split(separator: " ").last ?? "")
            }
          }
          examples.append(example)
          last = examples.count - 1
        }
        index += 1
      }
      index += 1
      var next = index
      while next < lines.count && lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
      if let last, next < lines.count, lines[next] == "```" {
        next += 1
        while next < lines.count && lines[next] != "```" {
          if !lines[next].contains("…") && !lines[next].isEmpty { examples[last].output.append(lines[next]) }
          next += 1
        }
        index = next + 1
      }
    }
    return examples
  }
}

@Suite struct DocumentationTests {
  static let documents: [URL] = {
    let docs = RepoPaths.root.appendingPathComponent("docs")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
    return [RepoPaths.root.appendingPathComponent("README.md")]
      + names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
  }()

  /// Runs every example of one document in order, through `sh` with the built ddbaudit first
  /// on PATH, in a scratch folder that sees the repository's Samples/ and starts with no store
  /// (a document whose first example is not an import starts with Samples/exports imported).
  /// Each must exit as it says, print the rows it says, and print the output shown after it.
  @Test(arguments: documents)
  func everyExampleRunsAndGivesWhatItPromises(document: URL) throws {
    let examples = try DocExample.all(in: document)
    if document.lastPathComponent == "README.md" { #expect(examples.count >= 20) }
    guard !examples.isEmpty else { return }
    let dir = TemporaryDirectory()
    try FileManager.default.createSymbolicLink(at: dir.file("Samples"), withDestinationURL: RepoPaths.samples)
    let environment = ["DDBAUDIT_DB": dir.file("docs.sqlite").path]
    if !examples[0].command.hasPrefix("ddbaudit import") {
      #expect(try CLI.run(["import", "Samples/exports"], environment: environment, currentDirectory: dir.url).status == 0)
    }
    for example in examples {
      let result = try CLI.shell(example.command, environment: environment, currentDirectory: dir.url)
      #expect(result.status == example.status, "\(example) exited \(result.status): \(result.stderr)")
      if let rows = example.rows {
        let printed = result.stdout.split(whereSeparator: \.isNewline)
        let count = example.command.contains("--format json") && !example.command.contains("jsonl") ? printed.count - 2
          : example.command.contains("jsonl") ? printed.count : printed.count - 1
        #expect(count == rows, "\(example) printed \(count) rows: \(result.stdout.prefix(300)) \(result.stderr)")
      }
      // The promised lines, in their order (lines with "…" left out).
      var printed = (result.stdout + result.stderr).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }[...]
      for promised in example.output {
        let wanted = promised.trimmingCharacters(in: .whitespaces)
        guard let at = printed.firstIndex(of: wanted) else {
          Issue.record("\(example) does not print, in this order: \(promised)")
          break
        }
        printed = printed[(at + 1)...]
      }
    }
  }

  /// The sample counts the README states are the samples' own.
  @Test func theCountsInTheDocsAreTheSamples() throws {
    let store = try TestStore.samples()
    let total = try store.open().listTables().reduce(Int64(0)) { $0 + $1.items }
    let readme = try String(contentsOf: RepoPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.locale = Locale(identifier: "en_US")
    let text = formatter.string(from: NSNumber(value: total))!
    #expect(readme.contains("\(text) items in all"), "the README should say the samples hold \(text) items in all")
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
    // Built from pieces, so that this file does not itself name what it forbids.
    let forbidden = [".." + "/shared", "/" + "work/", "shared" + "/specs", "shared" + "/reference"]
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
