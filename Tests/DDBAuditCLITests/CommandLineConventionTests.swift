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

/// The in-process runner the CLI tests use is faithful to the binary.
@Suite struct InProcessRunnerTests {
  /// The same command lines, in this process and as a process of their own, give the same exit
  /// status, stdout and stderr: success with data, findings, a usage error and a failure.
  @Test func inProcessAndSubprocessRunsAgree() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let lines: [[String]] = [
      ["tables", "--db", db, "--format", "json"],
      ["retention", "--db", db, "--as-of", "2026-11-21", "--format", "json"],
      ["verify", "--db", db, "--fail-on", "loud"],
      ["query", "--db", dir.file("none.sqlite").path, "--table", "events"],
      ["--version"],
    ]
    for arguments in lines {
      let inside = try CLI.run(arguments)
      let outside = try CLI.subprocess(arguments)
      #expect(inside.status == outside.status, "\(arguments)")
      #expect(inside.stdout == outside.stdout, "\(arguments)")
      #expect(inside.stderr == outside.stderr, "\(arguments)")
    }
  }

  /// Two in-process runs side by side keep their environments and output apart.
  @Test func parallelRunsDoNotShareTheirConsoles() async throws {
    let dir = TemporaryDirectory()
    let first = try SampleStore.copy(into: dir, as: "a.sqlite")
    let second = dir.file("b.sqlite").path
    try await withThrowingTaskGroup(of: (String, CLIResult).self) { group in
      for (name, db) in [("a", first), ("b", second)] {
        for _ in 0..<4 {
          group.addTask { (name, try CLI.run(["tables", "--quiet"], environment: ["DDBAUDIT_DB": db])) }
        }
      }
      for try await (name, result) in group {
        if name == "a" {
          #expect(result.status == 0 && result.stdout.contains("audit_logs") && result.stderr.isEmpty, "\(result)")
        } else {
          #expect(result.status == 2 && result.stdout.isEmpty && result.stderr.contains("b.sqlite"), "\(result)")
        }
      }
    }
  }
}
