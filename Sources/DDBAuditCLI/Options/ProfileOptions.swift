import ArgumentParser
import Foundation
import DDBAuditModel

/// `--profiles`: extra table profiles on top of the built-in ones.
struct ProfileOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("A JSON profiles file describing more tables (default: $DDBAUDIT_PROFILES). See docs/profiles.md.", valueName: "file"))
  var profiles: String?

  func catalog() throws -> ProfileCatalog {
    let env = Console.current.environment["DDBAUDIT_PROFILES"].flatMap { $0.isEmpty ? nil : $0 }
    return try ProfileCatalog.load(profilesFile: profiles ?? env)
  }
}
