import Foundation

/// A table and what the store holds of it.
package struct TableListing: Sendable, Equatable {
  package var name: String
  package var profile: String
  /// Distinct item keys.
  package var items: Int64
  /// Item versions, including earlier versions of changed items.
  package var versions: Int64
  package var imports: [ImportRecord]
}
