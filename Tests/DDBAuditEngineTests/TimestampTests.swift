import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

@Suite struct TimestampTests {
  @Test(arguments: [
    ("2025-01-13T10:30:00Z", 1_736_764_200_000), ("2025-01-13T10:30:00.250Z", 1_736_764_200_250),
    ("2025-01-13T12:30:00+02:00", 1_736_764_200_000), ("2025-01-13T05:30:00-0500", 1_736_764_200_000),
    ("2025-01-13", 1_736_726_400_000), ("2024-02-29T00:00:00Z", 1_709_164_800_000),
  ] as [(String, Int64)])
  func parsesISO8601(text: String, ms: Int64) {
    #expect(Timestamp.parseISO8601(text) == ms)
  }

  @Test(arguments: ["2025-01-13T10:30:00", "2025-02-30", "13/01/2025", "2025-01-13T25:00:00Z", ""])
  func rejectsAmbiguousOrInvalidTimes(text: String) {
    #expect(Timestamp.parseISO8601(text) == nil)
  }

  @Test func formatsRoundTrip() {
    #expect(Timestamp.iso8601(milliseconds: 1_736_764_200_250) == "2025-01-13T10:30:00.250Z")
    #expect(Timestamp.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
  }
}
