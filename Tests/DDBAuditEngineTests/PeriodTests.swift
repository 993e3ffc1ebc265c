import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

@Suite struct PeriodTests {
  @Test func calendarPeriodsAreHalfOpenUTCRanges() throws {
    let asOf = Timestamp.parseISO8601("2026-11-21T12:00:00Z")!
    func range(_ p: String) throws -> String { try Period.resolve(from: nil, to: nil, period: p, since: nil, asOf: asOf).description }
    #expect(try range("2025-01") == "[2025-01-01T00:00:00.000Z, 2025-02-01T00:00:00.000Z)")
    #expect(try range("2025-12") == "[2025-12-01T00:00:00.000Z, 2026-01-01T00:00:00.000Z)")
    #expect(try range("2024-Q4") == "[2024-10-01T00:00:00.000Z, 2025-01-01T00:00:00.000Z)")
    #expect(try range("2024-02-29") == "[2024-02-29T00:00:00.000Z, 2024-03-01T00:00:00.000Z)")
    #expect(try range("2025") == "[2025-01-01T00:00:00.000Z, 2026-01-01T00:00:00.000Z)")
    #expect(throws: DDBAuditError.self) { try range("2025-02-29") }
    #expect(throws: DDBAuditError.self) { try range("25-01") }
    let since = try Period.resolve(from: nil, to: nil, period: nil, since: "24h", asOf: asOf)
    #expect(since == Period(from: asOf - 86_400_000, to: asOf))
    #expect(throws: DDBAuditError.self) { try Period.resolve(from: "2026-01-01", to: nil, period: "2026", since: nil, asOf: asOf) }
  }
}
