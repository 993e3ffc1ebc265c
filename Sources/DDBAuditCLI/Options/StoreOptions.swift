import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditStore

/// `--db`: the store every command reads and `import` writes.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $DDBAUDIT_DB, else ./ddbaudit.sqlite).", valueName: "file"))
  var db: String?

  var path: String {
    if let db { return db }
    if let env = Console.current.environment["DDBAUDIT_DB"], !env.isEmpty { return env }
    return "ddbaudit.sqlite"
  }

  func open(readOnly: Bool) throws -> AuditStore { try AuditStore(path: path, readOnly: readOnly) }
}

extension Severity: ExpressibleByArgument {}
