import Foundation
import DDBAuditModel
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports

/// What one nightly run did.
package struct NightlyOutcome: Sendable {
  package var folder: String
  package var imports: [ImportResult]
  package var verify: VerifyResult
  package var retention: RetentionResult
  package var reports: [ReportOutcome]
  /// Verify's and retention's findings together.
  package var findings: [Finding] { verify.findings + retention.findings }
}
