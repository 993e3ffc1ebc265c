import ArgumentParser
import DDBAuditCore
import Foundation

/// `--db`: the store every command reads and `import` writes.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $DDBAUDIT_DB, else ./ddbaudit.sqlite).", valueName: "file"))
  var db: String?

  var path: String {
    if let db { return db }
    if let env = ProcessInfo.processInfo.environment["DDBAUDIT_DB"], !env.isEmpty { return env }
    return "ddbaudit.sqlite"
  }

  func open(readOnly: Bool) throws -> AuditStore { try AuditStore(path: path, readOnly: readOnly) }
}

/// `--profiles`: extra table profiles on top of the built-in ones.
struct ProfileOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("A JSON profiles file describing more tables (default: $DDBAUDIT_PROFILES). See docs/profiles.md.", valueName: "file"))
  var profiles: String?

  func catalog() throws -> ProfileCatalog {
    let env = ProcessInfo.processInfo.environment["DDBAUDIT_PROFILES"].flatMap { $0.isEmpty ? nil : $0 }
    return try ProfileCatalog.load(profilesFile: profiles ?? env)
  }
}

/// `--quiet` and `--no-color`: how much goes to stderr, and how.
struct ConsoleOptions: ParsableArguments {
  @Flag(name: [.short, .long], help: "Print only errors on stderr: no progress, no warnings.")
  var quiet = false

  @Flag(name: .long, help: "Never colour stderr (also: NO_COLOR).")
  var noColor = false

  func configure() {
    Console.shared.configure(quiet: quiet, noColor: noColor)
  }
}

/// Text for people, or JSON for programs.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
