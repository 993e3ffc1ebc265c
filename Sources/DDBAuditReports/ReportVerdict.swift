import DDBAuditModel

/// What a report says in one word, for the first thing an auditor reads: each check it holds
/// passes when none of its findings is an error or critical.
package struct ReportVerdict: Sendable, Equatable {
  /// The check: the integrity of the hash chains, item-by-item retention, or the report's own rules.
  package var check: String
  package var passed: Bool
  /// Findings by severity, most severe first.
  package var counts: [(severity: Severity, count: Int)]
  package var word: String { passed ? "PASS" : "FAIL" }

  package static func == (a: ReportVerdict, b: ReportVerdict) -> Bool {
    a.check == b.check && a.passed == b.passed && a.counts.map(\.count) == b.counts.map(\.count)
  }
}

extension ReportVerdict {
  package static let integrityCheck = "Integrity: hash chains, and every export compared with the earlier ones"
  package static let retentionCheck = "Retention: every item's TTL against its table's policy"
}
