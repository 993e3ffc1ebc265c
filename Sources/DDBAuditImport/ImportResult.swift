import Foundation
import DDBAuditModel

/// What one import did.
package struct ImportResult: Sendable, Equatable {
  package var source: String
  package var identity: String
  package var kind: ImportKind
  package var table: String
  package var profile: String
  /// True when the store already had this import; nothing was added.
  package var alreadyImported: Bool
  package var items: Int64
  package var newVersions: Int64
  package var verified: Bool
  /// Why the import is unverified (checksum or count mismatches allowed by --allow-unverified).
  package var problems: [String]
  /// Items stored without a canonical form (see `NONCANONICAL` in docs/chain.md).
  package var noncanonical: Int
  /// Items whose record time could not be read from the profile's time attribute.
  package var untimed: Int
  package var rejected: Int
  package var files: Int
}
