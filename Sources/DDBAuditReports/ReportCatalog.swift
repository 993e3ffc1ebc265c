import Foundation
import DDBAuditModel

/// Where report definitions are found, the first that has a name winning: `--reports DIR`,
/// `$DDBAUDIT_REPORTS`, `./Reports`, then the definitions built into the binary.
package struct ReportCatalog: Sendable {
  /// The folders searched before the built-in definitions, first first (only those that exist).
  package var directories: [URL]

  /// `explicit` is `--reports DIR`; `environment` is `$DDBAUDIT_REPORTS`; `Reports/` in
  /// `currentDirectory` comes next (the nightly job passes nil: it runs alike from any folder).
  package init(
    explicit: String?, environment: String?, currentDirectory: String? = FileManager.default.currentDirectoryPath
  ) {
    var dirs: [URL] = []
    if let explicit { dirs.append(URL(fileURLWithPath: explicit)) }
    if let environment, !environment.isEmpty { dirs.append(URL(fileURLWithPath: environment)) }
    if let currentDirectory { dirs.append(URL(fileURLWithPath: currentDirectory).appendingPathComponent("Reports")) }
    directories = dirs.filter { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// Every report by name, with the file that defines it (`built-in/NAME.json` for the
  /// built-in ones); earlier folders win, and any folder wins over the built-in definitions.
  package func available() -> [(name: String, path: String)] {
    var seen: [String: String] = [:]
    for dir in directories {
      let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      for file in files where file.hasSuffix(".json") {
        let name = String(file.dropLast(5))
        if seen[name] == nil { seen[name] = dir.appendingPathComponent(file).path }
      }
    }
    for (file, _) in BuiltinReports.files {
      let name = String(file.dropLast(5))
      if seen[name] == nil { seen[name] = Self.builtinPrefix + file }
    }
    return seen.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }.map { ($0.key, $0.value) }
  }

  static let builtinPrefix = "built-in/"

  /// The definition for `nameOrFile`: a path to a .json file, or a report name.
  package func definition(_ nameOrFile: String) throws -> LoadedDefinition {
    if nameOrFile.hasSuffix(".json") || nameOrFile.contains("/") {
      return try LoadedDefinition(path: nameOrFile)
    }
    guard let path = available().first(where: { $0.name == nameOrFile })?.path else {
      let names = available().map(\.name)
      let hint = ConfigShape.nearest(nameOrFile, in: names).map { "did you mean \"\($0)\"? " } ?? ""
      throw DDBAuditError.usage("no report \"\(nameOrFile)\"; \(hint)available: \(names.joined(separator: ", "))")
    }
    if path.hasPrefix(Self.builtinPrefix), let builtin = BuiltinReports.files.first(where: { Self.builtinPrefix + $0.file == path }) {
      return try LoadedDefinition(bytes: Array(builtin.json.utf8), path: path)
    }
    return try LoadedDefinition(path: path)
  }
}
