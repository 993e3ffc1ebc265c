import Foundation

/// Instants as milliseconds since 1970-01-01T00:00:00Z, parsed and printed without Foundation's
/// formatters (which are too slow for a million items a second).
package enum Timestamp {
  /// Parses ISO 8601: `2025-01-13`, `2025-01-13T10:30:00Z`, `…T10:30:00.123+02:00`, `…+0200`.
  /// A date-time needs `Z` or an offset; a bare date means midnight UTC.
  package static func parseISO8601(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { parseISO8601($0) }
  }

  package static func parseISO8601(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
    var i = 0
    func digits(_ n: Int) -> Int? {
      guard i + n <= s.count else { return nil }
      var v = 0
      for _ in 0..<n {
        let c = s[i]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
        i += 1
      }
      return v
    }
    func take(_ c: Character) -> Bool {
      if i < s.count && s[i] == c.asciiValue! {
        i += 1
        return true
      }
      return false
    }
    guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
      (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
    else { return nil }
    var ms = daysFromCivil(year: year, month: month, day: day) * 86_400_000
    if i == s.count { return ms }
    guard take("T") || take("t") || take(" ") else { return nil }
    guard let hour = digits(2), hour < 24, take(":"), let minute = digits(2), minute < 60 else { return nil }
    var second = 0
    if take(":") {
      guard let sec = digits(2), sec < 61 else { return nil }
      second = sec
      if take(".") || take(",") {
        var fraction = 0, scale = 0
        while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 {
          if scale < 3 {
            fraction = fraction * 10 + Int(s[i] - 0x30)
            scale += 1
          }
          i += 1
        }
        guard scale > 0 else { return nil }
        while scale < 3 {
          fraction *= 10
          scale += 1
        }
        ms += Int64(fraction)
      }
    }
    ms += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
    if take("Z") || take("z") {
      return i == s.count ? ms : nil
    }
    guard i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return nil }
    let sign: Int64 = s[i] == UInt8(ascii: "+") ? 1 : -1
    i += 1
    guard let oh = digits(2), oh <= 23 else { return nil }
    _ = take(":")
    guard let om = digits(2), om < 60, i == s.count else { return nil }
    return ms - sign * Int64(oh * 3_600_000 + om * 60_000)
  }

  /// Now, in milliseconds since 1970.
  package static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

  /// How far after now an input's own time may lie (clocks disagree) before it is refused as
  /// a time that has not come yet.
  package static let clockTolerance: Int64 = 3_600_000

  /// Whether `ms` lies after `now` by more than the clock tolerance.
  package static func isInTheFuture(_ ms: Int64, now: Int64 = now()) -> Bool { ms > now + clockTolerance }

  /// The instants ddbaudit represents: the years 0001 to 9999 (UTC), as ISO 8601 and Excel
  /// can write them. Times from input outside it are refused or left out, never printed.
  package static let representable: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

  /// Milliseconds from epoch seconds, or nil when the product overflows or leaves the years
  /// 0001–9999.
  package static func milliseconds(seconds: Int64) -> Int64? {
    let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    return !overflow && representable.contains(ms) ? ms : nil
  }

  /// Milliseconds from an epoch number whose unit is told by its magnitude, as DynamoDB tools
  /// write them: seconds (below 10^11, that is before the year 5138), milliseconds (below
  /// 10^14), microseconds (below 10^17) or nanoseconds. Nil when no unit gives a time in the
  /// years 0001–9999, or when it is not finite.
  package static func milliseconds(epoch value: Double) -> Int64? {
    guard value.isFinite else { return nil }
    let magnitude = abs(value)
    let ms: Double
    switch magnitude {
    case ..<1e11: ms = value * 1000
    case ..<1e14: ms = value
    case ..<1e17: ms = value / 1000
    default: ms = value / 1_000_000
    }
    let rounded = ms.rounded(.down)
    guard rounded >= Double(representable.lowerBound), rounded <= Double(representable.upperBound) else { return nil }
    return Int64(exactly: rounded)
  }

  /// The same for an integer epoch number.
  package static func milliseconds(epoch value: Int64) -> Int64? {
    let magnitude = value.magnitude
    let ms: Int64?
    switch magnitude {
    case ..<100_000_000_000: ms = milliseconds(seconds: value)
    case ..<100_000_000_000_000: ms = value
    case ..<100_000_000_000_000_000: ms = value / 1000
    default: ms = value / 1_000_000
    }
    return ms.flatMap { representable.contains($0) ? $0 : nil }
  }

  /// Formats as `2025-01-13T10:30:00.000Z`. An instant outside the years 0001–9999 (which no
  /// input gives; see `representable`) is named as such rather than printed as a date.
  package static func iso8601(milliseconds ms: Int64) -> String {
    guard representable.contains(ms) else { return "(not a time in the years 0001–9999: \(ms) ms)" }
    let (days, rem) = floorDivMod(ms, 86_400_000)
    let (y, m, d) = civilFromDays(days)
    let h = rem / 3_600_000, mi = rem / 60_000 % 60, s = rem / 1000 % 60, f = rem % 1000
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
  }

  /// The UTC date and time of `ms` for an Excel date cell, or nil outside the years 1900–9999.
  package static func excelParts(milliseconds ms: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double)? {
    guard representable.contains(ms) else { return nil }
    let (days, rem) = floorDivMod(ms, 86_400_000)
    let (y, m, d) = civilFromDays(days)
    guard (1900...9999).contains(y) else { return nil }
    return (Int(y), Int(m), Int(d), Int(rem / 3_600_000), Int(rem / 60_000 % 60), Double(rem % 60_000) / 1000)
  }

  /// Formats as `2025-01-13T10:30:00Z` (whole seconds).
  package static func iso8601(seconds: Int64) -> String {
    guard let ms = milliseconds(seconds: seconds) else { return "(not a time in the years 0001–9999: \(seconds) s)" }
    let text = iso8601(milliseconds: ms)
    return String(text.prefix(19)) + "Z"
  }

  /// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
  package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64((month + 9) % 12)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  package static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  package static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `ms` plus `years` calendar years in UTC, keeping the time of day; 29 February goes to
  /// 1 March when the target year has none (2020-02-29 + 7 years = 2027-03-01).
  package static func adding(years: Int, to ms: Int64) -> Int64 {
    let (days, rem) = floorDivMod(ms, 86_400_000)
    let (y, m, d) = civilFromDays(days)
    let year = Int(y) + years
    var month = Int(m), day = Int(d)
    if day > daysIn(month: month, year: year) {
      day = 1
      month += 1
    }
    return daysFromCivil(year: year, month: month, day: day) * 86_400_000 + rem
  }

  package static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
    let q = a >= 0 ? a / b : (a - b + 1) / b
    return (q, a - q * b)
  }

  private static func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}
