import Foundation
import Testing
import TestSupport

/// The module graph is what docs/architecture.md draws, what Package.swift declares and what
/// the sources import, and the codebase keeps the shape the issue that split it asked for.
@Suite struct ArchitectureTests {
  static let root = RepoPaths.root

  /// Each library and executable target's declared dependencies (products by their name).
  static func declared() throws -> [String: Set<String>] {
    var text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
    text = text.replacingOccurrences(of: #"package:\s*"[^"]*""#, with: "", options: .regularExpression)
    var targets: [String: Set<String>] = [:]
    let target = try Regex(#"\.(?:target|executableTarget)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?"#)
    for match in text.matches(of: target) {
      let name = String(match.output[1].substring!)
      let list = match.output[2].substring.map(String.init) ?? ""
      targets[name] = Set(list.matches(of: #/"([^"]+)"/#).map { String($0.output.1) })
    }
    return targets
  }

  /// The rows of the module table: module → the modules it depends on.
  static func documented() throws -> [String: Set<String>] {
    let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    var rows: [String: Set<String>] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let module = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      rows[module] = Set(cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
    return rows
  }

  static func sources(of module: String) throws -> [URL] {
    let folder = root.appendingPathComponent("Sources/\(module)")
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    return files.filter { $0.pathExtension == "swift" }
  }

  /// The modules a target's sources import (Foundation, Dispatch and the like aside).
  static func imported(by module: String) throws -> Set<String> {
    var modules: Set<String> = []
    for file in try sources(of: module) {
      for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
        guard let match = line.wholeMatch(of: #/(?:internal |@testable )?import (\w+)/#) else { continue }
        modules.insert(String(match.output.1))
      }
    }
    return modules.subtracting(["Foundation", "Dispatch", "Glibc", "Darwin", "Testing"])
  }

  @Test func theDocumentedGraphIsTheDeclaredOne() throws {
    let declared = try Self.declared()
    let documented = try Self.documented()
    #expect(!documented.isEmpty)
    for (module, dependencies) in documented {
      #expect(declared[module] == dependencies, "\(module): Package.swift \(declared[module].map { $0.sorted() } ?? []), docs \(dependencies.sorted())")
    }
    let application = declared.keys.filter { $0.hasPrefix("DDB") }
    #expect(Set(application).subtracting(documented.keys).isEmpty, "modules missing from docs/architecture.md")
  }

  @Test func everyImportIsDeclaredAndOnlyTheCLIImportsArgumentParser() throws {
    for (module, dependencies) in try Self.declared() where FileManager.default.fileExists(atPath: "\(Self.root.path)/Sources/\(module)") {
      let imports = try Self.imported(by: module)
      #expect(imports.isSubset(of: dependencies), "\(module) imports \(imports.subtracting(dependencies).sorted()) without declaring them")
      if module != "DDBAuditCLI" { #expect(!imports.contains("ArgumentParser"), "\(module) imports ArgumentParser") }
    }
  }

  @Test func noSourceFileIsOverFourHundredLinesAndNothingIsPublic() throws {
    let folder = Self.root.appendingPathComponent("Sources")
    for module in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      for file in try Self.sources(of: module) {
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 400, "\(file.lastPathComponent) has \(lines) lines")
        #expect(!text.contains(#/(?m)^\s*public /#), "\(file.lastPathComponent) declares something public")
      }
    }
  }
}
