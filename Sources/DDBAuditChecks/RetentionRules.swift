import DDBAuditModel

/// One table's retention rules, resolved from its profile and the policy: judges an item.
///
/// Each item gets exactly one TTL code, the first that applies, in the order of
/// `FindingCode.retentionCodes`. Times are compared in whole seconds, as DynamoDB keeps TTLs.
package struct RetentionRules: Sendable {
  package let profile: TableProfile
  /// "Now": TTLs more than five years before it are ignored by DynamoDB.
  package let asOf: Int64
  /// The time of the export that holds the items (ms): "still present" means present then.
  package let seenAt: Int64

  package init(profile: TableProfile, asOf: Int64, seenAt: Int64) {
    self.profile = profile
    self.asOf = asOf
    self.seenAt = seenAt
  }

  package var policy: TableProfile.RetentionPolicy { profile.retention }

  /// The top-level attributes an item must be read for.
  package var attributes: [String] {
    var names: [String] = []
    if let ttl = profile.ttlAttribute { names.append(ttl) }
    if let keys = policy.keys { names += [keys.statusAttribute, keys.hashAttribute, keys.hashAttributeAlias ?? keys.hashAttribute] }
    return names
  }

  /// The subject, from the values of `attributes` (in that order).
  package func subject(recordTime: Int64?, values: [AttributeValue?]) -> RetentionSubject {
    var k = 0
    func next() -> AttributeValue? {
      defer { k += 1 }
      return k < values.count ? values[k] : nil
    }
    let ttl = profile.ttlAttribute == nil ? nil : next()
    let status = policy.keys == nil ? nil : next()
    let primaryHash = policy.keys == nil ? nil : next()
    let aliasHash = policy.keys == nil ? nil : next()
    let hash = primaryHash ?? aliasHash
    return RetentionSubject(ttl: ttl, recordTime: recordTime, status: status, keyHash: hash)
  }

  /// The subject of a decoded item.
  package func subject(item: Item, recordTime: Int64?) -> RetentionSubject {
    subject(recordTime: recordTime, values: attributes.map { item[$0] })
  }

  /// The severity `code` has under this table's policy.
  package func severity(_ code: FindingCode) -> Severity { policy.severity(code) }

  /// The findings a verdict makes for the item at `key` of `table`: its TTL code, and
  /// `KEY_NOT_HASHED`, each with this policy's severity.
  package func findings(_ verdict: RetentionVerdict, table: String, key: ItemKey) -> [Finding] {
    var out: [Finding] = []
    if let code = verdict.code { out.append(Finding(code, table: table, key: key, detail: verdict.detail, severity: severity(code))) }
    if let problem = verdict.keyProblem {
      out.append(Finding(.keyNotHashed, table: table, key: key, detail: problem, severity: severity(.keyNotHashed)))
    }
    return out
  }

  package func judge(_ s: RetentionSubject) -> RetentionVerdict {
    var verdict = judgeTTL(s)
    if let keys = policy.keys { verdict.keyProblem = Self.keyProblem(s.keyHash, attribute: keys.hashAttribute) }
    return verdict
  }

  private var ttlName: String { "\"\(profile.ttlAttribute ?? "ttl")\"" }

  private func judgeTTL(_ s: RetentionSubject) -> RetentionVerdict {
    func found(_ code: FindingCode, _ detail: String) -> RetentionVerdict {
      RetentionVerdict(code: code, detail: detail, keyProblem: nil)
    }
    guard profile.ttlAttribute != nil else { return .ok }
    // API keys: an active key must keep living; an inactive one must go.
    var active: Bool? = nil
    var statusText = "(none)"
    if let keys = policy.keys {
      statusText = s.status?.stringValue ?? "(none)"
      active = s.status == nil || s.status!.stringValue.map { keys.activeStatuses.contains($0) } == true
    }
    let required = active.map { !$0 } ?? policy.ttlRequired
    guard let ttl = s.ttl else {
      if !required { return .ok }
      if active == false {
        return found(.ttlMissing, "no \(ttlName) attribute on a key with status \"\(statusText)\": it is never deleted")
      }
      return found(.ttlMissing, "no \(ttlName) attribute; the policy requires one, so the item is never deleted")
    }
    guard case .number(let text) = ttl else {
      return found(
        .ttlNotNumber,
        "\(ttlName) is \(ttl.descriptor) \(Self.preview(ttl)), not N: DynamoDB's TTL ignores anything but a Number of epoch seconds")
    }
    let seconds: Int64
    switch Self.epochSeconds(text) {
    case .negative:
      return found(.ttlNotEpoch, "\(ttlName) is \(text): negative, not an epoch time")
    case .huge:
      return found(.ttlMilliseconds, "\(ttlName) is \(text): far beyond any epoch time in seconds (≥ 1e11); DynamoDB never deletes the item")
    case .seconds(let v): seconds = v
    }
    if seconds >= 100_000_000_000 {
      let (unit, divisor): (String, Int64) =
        seconds >= 100_000_000_000_000_000 ? ("nanoseconds", 1_000_000_000)
        : seconds >= 100_000_000_000_000 ? ("microseconds", 1_000_000) : ("milliseconds", 1000)
      let year = Timestamp.civilFromDays(Timestamp.floorDivMod(seconds, 86_400).0).0
      return found(
        .ttlMilliseconds,
        "\(ttlName) \(text) is ≥ 1e11: epoch \(unit) (\(Timestamp.iso8601(seconds: seconds / divisor))), not seconds; "
          + "read as seconds it is in the year \(year), so DynamoDB never deletes the item")
    }
    if seconds < 1_000_000_000 {
      return found(
        .ttlNotEpoch,
        "\(ttlName) \(text) is < 1e9: a duration (\(Self.span(seconds))), not an epoch time; as a time it is "
          + "\(Timestamp.iso8601(seconds: seconds)), and DynamoDB never deletes items whose TTL lies more than 5 years back")
    }
    if let rt = s.recordTime, seconds < Timestamp.floorDivMod(rt, 1000).0 {
      return found(
        .ttlNotEpoch,
        "\(ttlName) \(Timestamp.iso8601(seconds: seconds)) is before the record's own time \(Timestamp.iso8601(milliseconds: rt)): "
          + "a duration or a wrong clock, not an expiry time")
    }
    let ignoredBefore = Timestamp.adding(years: -5, to: asOf)
    if seconds * 1000 < ignoredBefore {
      return found(
        .ttlNeverDeleted,
        "\(ttlName) \(Timestamp.iso8601(seconds: seconds)) is more than 5 years before \(Timestamp.iso8601(milliseconds: asOf)) "
          + "(before \(Timestamp.iso8601(milliseconds: ignoredBefore))): DynamoDB ignores TTLs that old, so the item is never deleted")
    }
    if active == true {
      return found(
        .ttlOnActiveKey,
        "key with status \"\(statusText)\" has \(ttlName) \(Timestamp.iso8601(seconds: seconds)): DynamoDB will delete a key in use")
    }
    if let rt = s.recordTime, let minimum = policy.minimumExpiry(recordTime: rt), seconds < Timestamp.floorDivMod(minimum, 1000).0 {
      let short = Timestamp.floorDivMod(minimum, 1000).0 - seconds
      return found(
        .ttlTooShort,
        "expires \(Timestamp.iso8601(seconds: seconds)), before the minimum \(Timestamp.iso8601(milliseconds: minimum)) "
          + "(\(policy.minimumText ?? "")); short by \(Self.span(short))")
    }
    if let keys = policy.keys, active == false {
      let limit = Timestamp.floorDivMod(seenAt, 1000).0 + keys.inactiveMaximumSeconds
      if seconds > limit {
        return found(
          .ttlTooLong,
          "key with status \"\(statusText)\" expires \(Timestamp.iso8601(seconds: seconds)), \(Self.span(seconds * 1000 - seenAt, ms: true)) "
            + "after the export of \(Timestamp.iso8601(milliseconds: seenAt)); the policy allows \(Self.span(keys.inactiveMaximumSeconds))")
      }
    } else if let maximum = policy.maximumSeconds, let rt = s.recordTime, seconds > -Timestamp.floorDivMod(-rt, 1000).0 + maximum {
      return found(
        .ttlTooLong,
        "expires \(Timestamp.iso8601(seconds: seconds)), \(Self.span(seconds * 1000 - rt, ms: true)) after the record time "
          + "\(Timestamp.iso8601(milliseconds: rt)); the policy allows at most \(Self.span(maximum))")
    }
    if (seconds + policy.graceSeconds) * 1000 < seenAt {
      return found(
        .expiredNotDeleted,
        "expired \(Timestamp.iso8601(seconds: seconds)), \(Self.span(seenAt - seconds * 1000, ms: true)) before the export of "
          + "\(Timestamp.iso8601(milliseconds: seenAt)) that still holds it (grace \(Self.span(policy.graceSeconds)))")
    }
    return .ok
  }

  enum EpochSeconds: Equatable {
    case seconds(Int64)
    case negative
    /// More digits than an Int64 holds.
    case huge
  }

  /// The whole seconds of a TTL number (its fraction dropped), read from its exact decimal text.
  static func epochSeconds(_ text: String) -> EpochSeconds {
    let plain = (try? DecimalNumber.normalize(text).get()) ?? text
    if plain.hasPrefix("-") { return plain.contains(where: { $0 != "-" && $0 != "0" && $0 != "." }) ? .negative : .seconds(0) }
    let whole = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "0"
    if whole.count > 18 { return .huge }
    return Int64(whole).map(EpochSeconds.seconds) ?? .huge
  }

  /// Why a stored key hash is not a SHA-256, or nil when it is one. Never shows the value.
  static func keyProblem(_ value: AttributeValue?, attribute: String) -> String? {
    guard let value else { return "no \"\(attribute)\" attribute: the key material is not stored as a SHA-256 hash" }
    guard case .string(let bytes) = value else {
      return "\"\(attribute)\" is \(value.descriptor), not S holding a SHA-256 (64 hex digits)"
    }
    let hex = bytes.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
    if bytes.count == 64 && hex { return nil }
    return "\"\(attribute)\" holds \(bytes.count) characters\(hex ? " of hex" : ""), not a SHA-256 (64 hex digits): "
      + "the key may be stored in plaintext (value not shown)"
  }

  /// A short, safe rendering of a non-number TTL value.
  static func preview(_ value: AttributeValue) -> String {
    switch value {
    case .string(let s):
      let text = String(decoding: s.prefix(40), as: UTF8.self)
      return "\"\(text)\(s.count > 40 ? "…" : "")\""
    case .bool(let b): return b ? "true" : "false"
    default: return ""
    }
  }

  /// `1 s`, `3 h 20 min`, `31 days`, `2 days 4 h`.
  static func span(_ value: Int64, ms: Bool = false) -> String {
    let seconds = ms ? (value + 999) / 1000 : value
    let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60, secs = seconds % 60
    let dayText = days == 1 ? "1 day" : "\(days) days"
    if days > 0 { return hours > 0 && days < 10 ? "\(dayText) \(hours) h" : dayText }
    if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
    if minutes > 0 { return secs > 0 ? "\(minutes) min \(secs) s" : "\(minutes) min" }
    return "\(secs) s"
  }
}
