/// One thing a check found, with where it is. Findings are plain values: commands print
/// them and turn the most severe one into an exit code.
package struct Finding: Sendable, Hashable {
  package var code: FindingCode
  package var severity: Severity
  package var table: String
  /// The chain id, for chain findings.
  package var chain: String?
  /// The record's seq, or the first seq of a range.
  package var seq: Int64?
  /// The last seq of a range (`MISSING`, `EXPIRED`, …).
  package var seqEnd: Int64?
  package var key: ItemKey?
  package var detail: String

  package init(
    _ code: FindingCode, table: String, chain: String? = nil, seq: Int64? = nil, seqEnd: Int64? = nil,
    key: ItemKey? = nil, detail: String, severity: Severity? = nil
  ) {
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.table = table
    self.chain = chain
    self.seq = seq
    self.seqEnd = seqEnd
    self.key = key
    self.detail = detail
  }

  /// The deterministic order of findings: by table, chain, seq, code, key (names and
  /// values compared by UTF-16 code units).
  package static func ordered(_ a: Finding, _ b: Finding) -> Bool {
    // UTF-16 code units, compared in place: sorting a report's findings allocates nothing.
    func cmp(_ x: String?, _ y: String?) -> Int {
      switch (x, y) {
      case (nil, nil): return 0
      case (nil, _): return -1
      case (_, nil): return 1
      case let (x?, y?):
        if x.utf8.elementsEqual(y.utf8) { return 0 }
        return UTF16Order.less(x, y) ? -1 : 1
      }
    }
    var c = cmp(a.table, b.table)
    if c == 0 { c = cmp(a.chain, b.chain) }
    if c != 0 { return c < 0 }
    if a.seq != b.seq { return (a.seq ?? -1) < (b.seq ?? -1) }
    if a.code != b.code { return a.code.rawValue < b.code.rawValue }
    c = cmp(a.key?.pk, b.key?.pk)
    if c == 0 { c = cmp(a.key?.sk, b.key?.sk) }
    if c == 0 { c = cmp(a.detail, b.detail) }
    return c < 0
  }
}

extension Sequence where Element == Finding {
  /// Whether any finding is at or above `threshold`.
  package func any(atOrAbove threshold: Severity) -> Bool { contains { $0.severity >= threshold } }

  /// How many findings have each severity, most severe first (zeros included).
  package var countsBySeverity: [(Severity, Int)] {
    let all = Array(self)
    return Severity.allCases.reversed().map { sev in (sev, all.count { $0.severity == sev }) }
  }

  /// The severities present: `1 critical, 10 error, 4 warning`.
  package var severityText: String {
    countsBySeverity.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
  }

  /// How many findings have each code: `codes` first, in their order, then others by name.
  package func countsByCode(_ codes: [FindingCode]) -> [(FindingCode, Int)] {
    var counts: [FindingCode: Int] = [:]
    for f in self { counts[f.code, default: 0] += 1 }
    return counts.ordered(codes)
  }
}

extension Finding {
  /// The finding as JSON, with `seqEnd` only for ranges.
  package var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)), ("table", .string(table)),
    ]
    if let chain { members.append(("chain", .string(chain))) }
    members.append(("seq", seq.json))
    if let seqEnd { members.append(("seqEnd", .int(seqEnd))) }
    members.append(("key", key.map(\.json) ?? .null))
    members.append(("detail", .string(detail)))
    return .object(members)
  }

  /// One line for people: `CRITICAL MODIFIED audit_logs chain u-1 seq 7 [user_id=… …]: detail`.
  package var line: String {
    var out = "\(severity.rawValue.uppercased()) \(code.rawValue) \(table)"
    if let chain { out += " chain \(chain.isEmpty ? "(global)" : chain)" }
    if let seq { out += seqEnd.map { $0 == seq ? " seq \(seq)" : " seq \(seq)-\($0)" } ?? " seq \(seq)" }
    if let key { out += " [\(key.text)]" }
    return out + ": " + detail
  }
}

extension Dictionary where Key == FindingCode {
  /// Counts in `codes` order, then any other code by name.
  package func ordered(_ codes: [FindingCode]) -> [(FindingCode, Value)] {
    let known = codes.compactMap { code in self[code].map { (code, $0) } }
    let others = filter { !codes.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    return known + others
  }
}
