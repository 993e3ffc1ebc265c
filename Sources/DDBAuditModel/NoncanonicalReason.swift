import Foundation

/// Why an item has no canonical form (spec §2): the verifier reports it as `NONCANONICAL`.
package struct NoncanonicalReason: Error, Equatable, Sendable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}
