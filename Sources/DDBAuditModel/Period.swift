/// A half-open time range `[from, to)` in ms; a nil side is open.
package struct Period: Sendable, Equatable {
  package var from: Int64?
  package var to: Int64?
  package init(from: Int64? = nil, to: Int64? = nil) {
    self.from = from
    self.to = to
  }

  package static let all = Period()

  /// Whether `time` lies in the period. Untimed items are in an open period only.
  package func contains(_ time: Int64?) -> Bool {
    guard let time else { return from == nil && to == nil }
    return (from.map { time >= $0 } ?? true) && (to.map { time < $0 } ?? true)
  }

  /// `[2026-10-01T00:00:00.000Z, 2026-11-01T00:00:00.000Z)`, open sides as `…`.
  package var description: String {
    "[\(from.map { Timestamp.iso8601(milliseconds: $0) } ?? "…"), \(to.map { Timestamp.iso8601(milliseconds: $0) } ?? "…"))"
  }

  /// The period chosen by `--from`/`--to`, `--period` or `--since` (at most one way).
  /// `--period` takes `2025`, `2025-Q1`, `2025-01` or `2025-01-31`; `--since` a span
  /// (`24h`, `7d`, `90d`) back from `asOf`.
  package static func resolve(from: String?, to: String?, period: String?, since: String?, asOf: Int64) throws -> Period {
    let ways = [from != nil || to != nil, period != nil, since != nil].filter { $0 }.count
    if ways > 1 { throw DDBAuditError.usage("give --from/--to, --period or --since, not several") }
    if let since {
      guard let span = TimeSpan.milliseconds(since) else {
        throw DDBAuditError.usage("--since \"\(since)\" is not a span like 24h, 7d or 90d")
      }
      return Period(from: asOf - span, to: asOf)
    }
    if let period {
      guard let range = calendarPeriod(period) else {
        throw DDBAuditError.usage("--period \"\(period)\" is not a year (2025), quarter (2025-Q1), month (2025-01) or day (2025-01-31)")
      }
      return range
    }
    func instant(_ text: String?, _ flag: String) throws -> Int64? {
      guard let text else { return nil }
      guard let ms = Timestamp.parseISO8601(text) else {
        throw DDBAuditError.usage("\(flag) \"\(text)\" is not an ISO 8601 date or date-time with Z or an offset")
      }
      return ms
    }
    let range = Period(from: try instant(from, "--from"), to: try instant(to, "--to"))
    if let f = range.from, let t = range.to, f >= t { throw DDBAuditError.usage("--from must be before --to") }
    return range
  }

  /// A calendar year, quarter, month or day in UTC.
  static func calendarPeriod(_ text: String) -> Period? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard let year = Int(parts[0]), parts[0].count == 4 else { return nil }
    func start(_ y: Int, _ m: Int, _ d: Int = 1) -> Int64 { Timestamp.daysFromCivil(year: y, month: m, day: d) * 86_400_000 }
    switch parts.count {
    case 1: return Period(from: start(year, 1), to: start(year + 1, 1))
    case 2 where parts[1].hasPrefix("Q"):
      guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
      let m = 3 * (q - 1) + 1
      return Period(from: start(year, m), to: q == 4 ? start(year + 1, 1) : start(year, m + 3))
    case 2:
      guard let m = Int(parts[1]), parts[1].count == 2, (1...12).contains(m) else { return nil }
      return Period(from: start(year, m), to: m == 12 ? start(year + 1, 1) : start(year, m + 1))
    case 3:
      guard let m = Int(parts[1]), let d = Int(parts[2]), parts[1].count == 2, parts[2].count == 2, (1...12).contains(m),
        (1...Timestamp.daysIn(month: m, year: year)).contains(d)
      else { return nil }
      let s = start(year, m, d)
      return Period(from: s, to: s + 86_400_000)
    default: return nil
    }
  }
}
