import DDBAuditModel
import DDBAuditStore
extension RetentionResult {
  /// The result as every output format shows it.
  package var report: CheckReport {
    let items = tables.reduce(0) { $0 + $1.items }
    let ok = tables.reduce(0) { $0 + $1.ok }
    let summary: [(String, JSONValue)] =
      [("tables", .int(Int64(tables.count))), ("items", .int(items)), ("ok", .int(ok)), ("findings", .int(Int64(findings.count)))]
      + CheckReport.counts(findings, codes: FindingCode.retentionCodes)
    var lines = [
      "retention as of \(Timestamp.iso8601(milliseconds: asOf))",
      "tables \(tables.count), items \(items), OK \(ok), " + CheckReport.findingsText(findings),
    ]
    let width = max(12, tables.map(\.name.count).max() ?? 0) + 2
    for t in tables {
      var line = "  " + t.name.padding(toLength: width, withPad: " ", startingAt: 0) + "\(t.items) items, OK \(t.ok)"
      for (code, count) in t.byCode.ordered(FindingCode.retentionCodes) { line += ", \(code.rawValue) \(count)" }
      if t.unhashedKeys > 0 { line += ", KEY_NOT_HASHED \(t.unhashedKeys)" }
      lines.append(line + "  [\(t.policyText)]")
    }
    var rows: [[Cell]] = []
    for t in tables {
      rows.append([.text(t.name), .text("OK"), .empty, .number(String(t.ok)), .text(t.policyText)])
      for (code, count) in t.byCode.ordered(FindingCode.retentionCodes) {
        rows.append([.text(t.name), .text(code.rawValue), .text(t.profile.retention.severity(code).rawValue), .number(String(count)), .text(t.policyText)])
      }
      if t.unhashedKeys > 0 {
        rows.append([.text(t.name), .text(FindingCode.keyNotHashed.rawValue), .text(t.profile.retention.severity(.keyNotHashed).rawValue), .number(String(t.unhashedKeys)), .text(t.policyText)])
      }
    }
    return CheckReport(
      command: "retention", asOf: asOf, shard: shard, summary: summary, summaryLines: lines,
      subjects: tables.map { t in
        CheckReport.Subject(name: t.name, artifact: t.source.artifact, details: t.jsonDetails)
      },
      rules: FindingCode.retentionCodes, findings: findings, evidenceColumns: ["table", "code", "severity", "items", "policy"],
      evidenceRows: rows)
  }
}

extension ImportPoint {
  /// The file a finding about this import points at: a full export's manifest, or the file.
  var artifact: String { isFull ? source + "/manifest-summary.json" : source }
}

extension RetentionTable {
  /// The policy in words: `ttl required; ≥ record time + 7 calendar years; grace 7 days`.
  package var policyText: String {
    let r = profile.retention
    guard let ttl = profile.ttlAttribute else { return "no TTL attribute in the profile" }
    var parts = ["\"\(ttl)\"" + (r.keys == nil ? (r.ttlRequired ? " required" : " optional") : "")]
    if let minimum = r.minimumText { parts.append("≥ " + minimum) }
    if let max = r.maximumSeconds { parts.append("≤ record time + \(RetentionRules.span(max))") }
    if let k = r.keys {
      parts.append("none while \(k.statusAttribute) is \(k.activeStatuses.joined(separator: "/"))")
      parts.append("otherwise ≤ export time + \(RetentionRules.span(k.inactiveMaximumSeconds))")
      parts.append("\(k.hashAttribute) SHA-256")
    }
    parts.append("grace \(RetentionRules.span(r.graceSeconds))")
    return parts.joined(separator: "; ")
  }

  var jsonDetails: [(String, JSONValue)] {
    let r = profile.retention
    var policy: [(String, JSONValue)] = [
      ("ttlAttribute", profile.ttlAttribute.map(JSONValue.string) ?? .null), ("ttlRequired", .bool(r.ttlRequired)),
      ("minimum", r.minimumText.map(JSONValue.string) ?? .null),
      ("maximumSeconds", r.maximumSeconds.map(JSONValue.int) ?? .null), ("graceSeconds", .int(r.graceSeconds)),
    ]
    if let k = r.keys {
      policy.append(
        (
          "keys",
          .object([
            ("statusAttribute", .string(k.statusAttribute)), ("activeStatuses", .array(k.activeStatuses.map(JSONValue.string))),
            ("hashAttribute", .string(k.hashAttribute)), ("inactiveMaximumSeconds", .int(k.inactiveMaximumSeconds)),
          ])
        ))
    }
    if !r.severities.isEmpty {
      policy.append(("severities", .object(r.severities.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })))
    }
    var codes: [(String, JSONValue)] = [("OK", .int(ok))]
    codes += byCode.ordered(FindingCode.retentionCodes).map { ($0.0.rawValue, JSONValue.int($0.1)) }
    if unhashedKeys > 0 { codes.append((FindingCode.keyNotHashed.rawValue, .int(unhashedKeys))) }
    return [
      ("profile", .string(profile.name)), ("items", .int(items)), ("byCode", .object(codes)),
      ("source", .object([("identity", .string(source.identity)), ("kind", .string(source.kind.rawValue)), ("time", .string(Timestamp.iso8601(milliseconds: source.seenAt))), ("verified", .bool(source.verified))])),
      ("policy", .object(policy)),
    ]
  }
}
