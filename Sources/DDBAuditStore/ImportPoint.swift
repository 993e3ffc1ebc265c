import DDBSQLite
import DDBAuditModel

/// An import as a point in a table's history.
package struct ImportPoint: Sendable, Equatable {
  package var id: Int64
  package var identity: String
  package var kind: ImportKind
  /// The point in time the import reflects (ms): the export time, the end of an
  /// incremental window, or when a file without either was imported.
  package var seenAt: Int64
  /// Every checksum and count matched.
  package var verified: Bool
  /// The folder or file it was imported from, as given to `import`.
  package var source: String = ""
  package var isFull: Bool { kind == .full }
}
