import Foundation

/// Changes to a table's retention policy, as a profiles file's `retention` member or an
/// entry of a policy file (`--policy`) spells them. Absent members leave the policy as it is.
package struct RetentionOverrides: Sendable, Decodable, Equatable {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case ttlAttribute, ttlRequired, minimumYears, minimumDays, maximumDays, graceDays, statusAttribute, activeStatuses,
      keyHashAttribute, inactiveMaximumDays, severity
  }
  static let shape = ConfigShape.keys(CodingKeys.self, ["severity": .map(.severity), "activeStatuses": .array(.any)])

  package var ttlAttribute: String?
  package var ttlRequired: Bool?
  package var minimumYears: Int?
  package var minimumDays: Int?
  package var maximumDays: Double?
  package var graceDays: Double?
  package var statusAttribute: String?
  package var activeStatuses: [String]?
  package var keyHashAttribute: String?
  package var inactiveMaximumDays: Double?
  /// Severities by code: `{"TTL_TOO_LONG": "error"}`.
  package var severity: [String: Severity]?

  package init() {}

  /// Applies the overrides to `profile`'s retention policy (and TTL attribute).
  package func apply(to profile: inout TableProfile) {
    if let ttlAttribute { profile.ttlAttribute = ttlAttribute }
    var r = profile.retention
    r.ttlRequired = ttlRequired ?? r.ttlRequired
    if let minimumYears {
      r.minimumYears = minimumYears
      r.minimumDays = nil
    }
    if let minimumDays { r.minimumDays = minimumDays }
    if let maximumDays { r.maximumSeconds = Self.seconds(days: maximumDays) }
    if let graceDays { r.graceSeconds = Self.seconds(days: graceDays) }
    if statusAttribute != nil || activeStatuses != nil || keyHashAttribute != nil || inactiveMaximumDays != nil {
      var k = r.keys ?? TableProfile.KeyPolicy()
      k.statusAttribute = statusAttribute ?? k.statusAttribute
      k.activeStatuses = activeStatuses ?? k.activeStatuses
      k.hashAttribute = keyHashAttribute ?? k.hashAttribute
      if let inactiveMaximumDays { k.inactiveMaximumSeconds = Self.seconds(days: inactiveMaximumDays) }
      r.keys = k
    }
    for (code, severity) in severity ?? [:] { r.severities[code] = severity }
    profile.retention = r
  }

  /// What is wrong with the values, if anything.
  func problem(_ what: String) -> String? {
    if let minimumYears, !(1...Self.maximumYears).contains(minimumYears) { return "\(what): minimumYears must be 1 to \(Self.maximumYears)" }
    if let minimumDays, !(1...Self.maximumDays).contains(minimumDays) { return "\(what): minimumDays must be 1 to \(Self.maximumDays)" }
    for (name, value) in [("maximumDays", maximumDays), ("graceDays", graceDays), ("inactiveMaximumDays", inactiveMaximumDays)] {
      if let value, !(value >= 0 && value <= Double(Self.maximumDays)) { return "\(what): \(name) must be a number of days from 0 to \(Self.maximumDays)" }
    }
    for code in (severity ?? [:]).keys.sorted() where !FindingCode.retentionCodes.contains(where: { $0.rawValue == code }) {
      return "\(what): severity for unknown code \"\(code)\" (codes: \(FindingCode.retentionCodes.map(\.rawValue).joined(separator: ", ")))"
    }
    return nil
  }

  /// Retention spans longer than a millennium are no retention rule anyone keeps; refusing
  /// them keeps every sum of times in range.
  package static let maximumYears = 1000
  package static let maximumDays = 365_250

  /// Whole seconds, rounded up; `problem` has checked the range first.
  static func seconds(days: Double) -> Int64 {
    Int64(exactly: min(max((days * 86_400).rounded(.up), 0), Double(maximumDays) * 86_400)) ?? 0
  }
}
