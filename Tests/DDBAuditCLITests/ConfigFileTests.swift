import Foundation
import Testing
import TestSupport

/// A misspelt setting must never silently fall back to its default: unknown keys and values
/// outside their set are refused (exit 2), naming the file, the line, the key and what is valid.
@Suite struct ConfigFileTests {
  func refusal(_ args: [String], file name: String, _ text: String) throws -> CLIResult {
    let dir = TemporaryDirectory()
    let file = dir.file(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    let db = try SampleStore.copy(into: dir)
    return try CLI.run(args.map { $0 == "FILE" ? file.path : $0 == "DB" ? db : $0 }, currentDirectory: dir.url)
  }

  @Test func anUnknownKeyIsNamedWithItsLineAndTheNearestKnownOne() throws {
    let run = try refusal(["run", "--config", "FILE"], file: "nightly.json", "{\"db\": \"s.sqlite\",\n \"imports\": [\"e\"],\n \"outputDir\": \"o\",\n \"failon\": \"error\"}")
    #expect(run.status == 2)
    #expect(run.stderr.contains("nightly.json:4: not a valid run config: unknown key \"failon\" at the top level; did you mean \"failOn\"?"), "\(run.stderr)")

    let policy = try refusal(
      ["retention", "--db", "DB", "--policy", "FILE"], file: "policy.json", "{\"tables\": {\"events\": {\"maximumDay\": 30}}}")
    #expect(policy.status == 2 && policy.stderr.contains("unknown key \"maximumDay\" in \"tables.events\"; did you mean \"maximumDays\"?"), "\(policy.stderr)")

    let verify = try refusal(
      ["verify", "--db", "DB", "--profiles", "FILE"], file: "profiles.json",
      "{\"profiles\": [\n  {\"name\": \"orders\", \"partitionKey\": \"id\",\n   \"ttlAtribute\": \"ttl\"}]}")
    #expect(verify.status == 2 && verify.stderr.contains("profiles.json:3: not a valid profiles file: unknown key \"ttlAtribute\" in \"profiles[0]\"; did you mean \"ttlAttribute\"?"), "\(verify.stderr)")
    let nested = try refusal(
      ["verify", "--db", "DB", "--profiles", "FILE"], file: "profiles.json",
      "{\"profiles\": [{\"name\": \"o\", \"partitionKey\": \"id\", \"chainAttributes\": {\"sequence\": \"n\"}}]}")
    #expect(nested.status == 2 && nested.stderr.contains("unknown key \"sequence\" in \"profiles[0].chainAttributes\""), "\(nested.stderr)")
  }

  @Test func anInvalidValueListsTheValidOnes() throws {
    let failOn = try refusal(["run", "--config", "FILE"], file: "n.json", #"{"db": "s", "imports": [], "outputDir": "o", "failOn": "fatal"}"#)
    #expect(failOn.status == 2 && failOn.stderr.contains("\"failOn\" is \"fatal\"; use one of info, warning, error, critical"), "\(failOn.stderr)")
    let format = try refusal(["run", "--config", "FILE"], file: "n.json", #"{"db": "s", "imports": [], "outputDir": "o", "formats": ["csv", "pdf"]}"#)
    #expect(format.stderr.contains("\"formats[1]\" is \"pdf\"; use one of csv, xlsx, json"), "\(format.stderr)")
    let severity = try refusal(
      ["retention", "--db", "DB", "--policy", "FILE"], file: "p.json", #"{"defaults": {"severity": {"TTL_TOO_LONG": "loud"}}}"#)
    #expect(severity.status == 2 && severity.stderr.contains("use one of info, warning, error, critical"), "\(severity.stderr)")
    let type = try refusal(["run", "--config", "FILE"], file: "n.json", #"{"db": 7, "imports": [], "outputDir": "o"}"#)
    #expect(type.status == 2 && type.stderr.contains("db must be a string"), "\(type.stderr)")
    let report = try refusal(["run", "--config", "FILE"], file: "n.json", "{\"db\": \"s\", \"imports\": [],\n \"outputDir\": \"o\", \"reports\": [\"audit-trial\"]}")
    #expect(report.status == 2 && report.stderr.contains("n.json:2: \"reports\": no report \"audit-trial\"; did you mean \"audit-trail\"?"), "\(report.stderr)")
  }

  @Test func aRunWithABadConfigTouchesNothing() throws {
    let dir = TemporaryDirectory()
    let config = dir.file("nightly.json")
    let exports = RepoPaths.samples.appendingPathComponent("exports").path
    try "{\"db\": \"s.sqlite\", \"imports\": [\"\(exports)\"], \"outputDir\": \"out\", \"reports\": [\"integrity\", \"nope\"]}"
      .write(to: config, atomically: true, encoding: .utf8)
    let result = try CLI.run(["run", "--config", config.path, "--as-of", "2026-11-21"])
    #expect(result.status == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["nightly.json"], "no store, no output folder, no lock file")
  }
}
