/// How serious a finding is. Ordered: `info` < `warning` < `error` < `critical`.
package enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
  case info, warning, error, critical

  package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    case .critical: 3
    }
  }
}
