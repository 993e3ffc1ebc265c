import Foundation
import DDBAuditModel
import DDBAuditStore
import DDBAuditImport

/// A store in a temporary directory, with helpers to import and inspect it.
package final class TestStore {
  package let directory = TemporaryDirectory("ddbaudit-store")
  package var path: String { directory.file("store.sqlite").path }

  package init() {}

  /// A store that starts as a copy of the sample store (Samples/exports imported once per
  /// test process; `SampleStore`).
  package static func samples() throws -> TestStore {
    let store = TestStore()
    _ = try SampleStore.copy(into: store.directory)
    return store
  }

  package func open() throws -> AuditStore { try AuditStore(path: path) }

  @discardableResult
  package func importPaths(
    _ paths: [String], options: ImportOptions = ImportOptions(), profiles: ProfileCatalog = .init(profiles: BuiltinProfiles.all)
  ) throws -> [ImportResult] {
    try Importer(store: open(), catalog: profiles, options: options).importPaths(paths)
  }

  /// A fingerprint of everything the store holds, to prove a failed import changed nothing.
  package func snapshot() throws -> String {
    try open().debugDump()
  }
}
