import ArgumentParser
import Foundation
import DDBAuditModel

/// `--policy`: retention overrides per table.
struct PolicyOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("A retention policy file overriding the profiles' rules per table (see docs/retention.md).", valueName: "file"))
  var policy: String?

  func load() throws -> RetentionPolicyFile? { try policy.map(RetentionPolicyFile.load) }
}
