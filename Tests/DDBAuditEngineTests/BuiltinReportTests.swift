import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditReports

/// The report definitions compiled into the binary are the repository's `Reports/`, and any
/// folder overrides them.
@Suite struct BuiltinReportTests {
  @Test func theEmbeddedDefinitionsAreExactlyTheFilesInReports() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.reports.path).filter { $0.hasSuffix(".json") }
      .sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    #expect(BuiltinReports.files.map(\.file) == files, "run `make reports-source`")
    for (file, json) in BuiltinReports.files {
      let bytes = try Data(contentsOf: RepoPaths.reports.appendingPathComponent(file))
      #expect(Data(json.utf8) == bytes, "\(file) differs from its embedded copy; run `make reports-source`")
    }
  }

  @Test func withNoFolderAnywhereEveryBuiltinReportIsListedAndLoads() throws {
    let empty = TemporaryDirectory()
    let catalog = ReportCatalog(explicit: nil, environment: nil, currentDirectory: empty.path)
    #expect(catalog.directories.isEmpty)
    let names = catalog.available().map(\.name)
    #expect(names == ["access-review", "api-keys", "audit-trail", "event-lifecycle", "integrity", "retention", "webhook-deliveries"])
    for name in names {
      let loaded = try catalog.definition(name)
      #expect(loaded.path == "built-in/\(name).json")
      let file = try Data(contentsOf: RepoPaths.reports.appendingPathComponent("\(name).json"))
      #expect(loaded.sha256 == RecordHash.sha256Hex([UInt8](file)))
    }
  }

  @Test func aFolderOverridesABuiltinAndAddsItsOwn() throws {
    let dir = TemporaryDirectory()
    let custom = try String(contentsOf: RepoPaths.reports.appendingPathComponent("api-keys.json"), encoding: .utf8)
      .replacingOccurrences(of: "\"title\": \"API keys\"", with: "\"title\": \"Our API keys\"")
    try custom.write(to: dir.file("api-keys.json"), atomically: true, encoding: .utf8)
    try custom.replacingOccurrences(of: "\"name\": \"api-keys\"", with: "\"name\": \"keys-2\"")
      .write(to: dir.file("keys-2.json"), atomically: true, encoding: .utf8)
    let catalog = ReportCatalog(explicit: dir.path, environment: nil, currentDirectory: nil)
    #expect(try catalog.definition("api-keys").definition.title == "Our API keys")
    #expect(try catalog.definition("keys-2").path == dir.file("keys-2.json").path)
    #expect(try catalog.definition("audit-trail").path == "built-in/audit-trail.json")
    #expect(throws: DDBAuditError.self) { try catalog.definition("no-such-report") }
  }
}
