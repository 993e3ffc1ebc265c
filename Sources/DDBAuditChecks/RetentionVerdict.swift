import DDBAuditModel

/// The outcome for one item: its TTL code (nil is OK) and, for API keys, a key finding.
package struct RetentionVerdict: Sendable, Equatable {
  package var code: FindingCode?
  package var detail: String
  /// `KEY_NOT_HASHED`'s detail, when the key material is not a SHA-256.
  package var keyProblem: String?

  static let ok = RetentionVerdict(code: nil, detail: "", keyProblem: nil)
}
