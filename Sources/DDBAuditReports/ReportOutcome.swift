import Crypto
import Foundation

/// What a report run produced.
package struct ReportOutcome: Sendable {
  package var document: ReportDocument
  package var outputs: [ReportOutput]
}
