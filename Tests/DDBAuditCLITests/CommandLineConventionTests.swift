import ArgumentParser
import Foundation
import Testing
import TestSupport

@testable import DDBAuditCLI

/// One convention in every command: where global flags go, how errors look, which exit code
/// means what, and what the help teaches.
@Suite struct CommandLineConventionTests {
  @Test func globalFlagsWorkBeforeOrAfterTheCommand() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let after = try CLI.run(["tables", "--db", db, "--quiet", "--no-color"])
    let before = try CLI.run(["--db", db, "--quiet", "--no-color", "tables"])
    let mixed = try CLI.run(["--db=\(db)", "-q", "tables", "--no-color"])
    #expect(after.status == 0 && before.status == 0 && mixed.status == 0, "\(before.stderr) \(mixed.stderr)")
    #expect(before.stdout == after.stdout && mixed.stdout == after.stdout && after.stdout.contains("audit_logs"))
    // Nested commands too.
    #expect(GlobalArguments.hoisted(["--quiet", "profile", "list"]) == ["profile", "list", "--quiet"])
    #expect(GlobalArguments.hoisted(["--db", "a.sqlite", "verify", "--table", "t"]) == ["verify", "--db", "a.sqlite", "--table", "t"])
    #expect(GlobalArguments.hoisted(["verify", "--db", "x"]) == ["verify", "--db", "x"])
  }

  @Test func everyErrorHasOneStyleAndUsageErrorsExit64() throws {
    for args in [["verify", "--bogus"], ["verify", "--fail-on", "loud"], ["query"], ["nosuchcommand"]] {
      let result = try CLI.run(args)
      #expect(result.status == 64, "\(args): \(result.status)")
      #expect(result.stderr.hasPrefix("ddbaudit: error: "), "\(args): \(result.stderr)")
      #expect(!result.stderr.contains("Error: "), "\(args): \(result.stderr)")
    }
    let runtime = try CLI.run(["verify", "--db", "/nonexistent/store.sqlite"])
    #expect(runtime.status == 2 && runtime.stderr.hasPrefix("ddbaudit: error: /nonexistent/store.sqlite: "))
  }

  struct Unforeseen: Error {}

  @Test func anErrorDdbauditDidNotForeseeExits2NeverOne() {
    #expect(DDBAuditMain.report(Unforeseen()) == 2, "1 means findings")
    #expect(DDBAuditMain.report(ExitCode(1)) == 1)
    #expect(DDBAuditMain.report(ValidationError("x")) == 64)
  }

  @Test func everyCommandsHelpListsItsExitCodes() throws {
    var commands: [[String]] = []
    for sub in DDBAuditCommand.configuration.subcommands {
      let name = sub._commandName
      let nested = sub.configuration.subcommands
      if nested.isEmpty { commands.append([name]) } else { commands += nested.map { [name, $0._commandName] } }
    }
    #expect(commands.count >= 11)
    for command in commands {
      let help = try CLI.run(command + ["--help"])
      #expect(help.status == 0)
      #expect(help.stdout.contains("EXIT CODES\n  0    success"), "\(command.joined(separator: " ")) --help has no EXIT CODES")
      // ddbaudit's own text fits 80 columns (ArgumentParser's usage line is its own affair).
      for line in help.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") { #expect(line.count <= 80, "\(command): \(line)") }
    }
    let top = try CLI.run(["--help"]).stdout
    for status in ExitStatus.allCases { #expect(top.contains("  \(status.rawValue) "), "\(status)") }
  }

  @Test func theReadmeExitCodeTableIsTheCLIs() throws {
    let readme = try String(contentsOf: RepoPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    let table = readme.components(separatedBy: "## Exit codes")[1].components(separatedBy: "\n\n")[1]
    let codes = table.split(separator: "\n").dropFirst(2).compactMap { Int32($0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) ?? "") }
    #expect(codes == ExitStatus.allCases.map(\.rawValue))
  }

  @Test func importTakesItsInputFormatAsInputFormat() throws {
    let dir = TemporaryDirectory()
    let file = RepoPaths.samples.appendingPathComponent("formats/jsonl/idempotency_keys.jsonl.gz").path
    let json = try CLI.run(["import", file, "--table", "idempotency_keys", "--input-format", "jsonl", "--format", "json", "--db", dir.file("s.sqlite").path])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((object?["imports"] as? [[String: Any]])?.first?["kind"] as? String == "jsonl")
    let wrong = try CLI.run(["import", file, "--table", "idempotency_keys", "--format", "jsonl", "--db", dir.file("t.sqlite").path])
    #expect(wrong.status == 64 && wrong.stderr.contains("--format"))
  }
}
