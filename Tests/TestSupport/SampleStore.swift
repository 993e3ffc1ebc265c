import Foundation
import DDBAuditModel
import DDBAuditStore
import DDBAuditImport

/// The store of `Samples/exports`, imported once per test process; tests take a copy of it.
package enum SampleStore {
  private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ddbaudit-sample-store-\(getpid())")

  private static let built: Result<URL, Error> = Result {
    let dir = folder
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: SampleStore.folder) }
    let path = dir.appendingPathComponent("samples.sqlite")
    _ = try Importer(store: AuditStore(path: path.path), catalog: ProfileCatalog(profiles: BuiltinProfiles.all), options: ImportOptions())
      .importPaths([RepoPaths.samples.appendingPathComponent("exports").path])
    return path
  }

  /// A fresh copy of the sample store in `directory`, as `name`; returns its path.
  package static func copy(into directory: TemporaryDirectory, as name: String = "store.sqlite") throws -> String {
    let target = directory.file(name)
    try FileManager.default.copyItem(at: try built.get(), to: target)
    return target.path
  }
}
