import Crypto
import Foundation

/// One file a report run wrote.
package struct ReportOutput: Sendable, Equatable {
  package var path: String
  package var sha256: String
}
