/// A span of time written as a number and a unit: `90s`, `15m`, `24h`, `7d`, `2w`.
package enum TimeSpan {
  /// Milliseconds, or nil when `text` is not `<digits><s|m|h|d|w>`.
  package static func milliseconds(_ text: String) -> Int64? {
    guard let unit = text.last, let value = Int64(text.dropLast()), value >= 0 else { return nil }
    let factor: Int64
    switch unit {
    case "s": factor = 1_000
    case "m": factor = 60_000
    case "h": factor = 3_600_000
    case "d": factor = 86_400_000
    case "w": factor = 604_800_000
    default: return nil
    }
    let (ms, overflow) = value.multipliedReportingOverflow(by: factor)
    return overflow ? nil : ms
  }
}
