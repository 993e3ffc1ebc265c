import Foundation

/// The result of a check command (`verify`, `retention`, `settings`) as every output format
/// shows it: what was checked, the counts, and the findings. One value, six renderings: text,
/// JSON, CSV, XLSX, JUnit XML and SARIF 2.1.0.
package struct CheckReport: Sendable {
  /// A table (or other thing) that was checked, and the file its evidence came from.
  package struct Subject: Sendable {
    package var name: String
    /// The export or settings file, for SARIF locations.
    package var artifact: String
    /// JSON members describing it: items, policy, source.
    package var details: [(String, JSONValue)]
    /// The import judged, for the workbook's Summary sheet (verify names it; nil: not shown).
    package var source: ReportTableSource?
    package init(name: String, artifact: String, details: [(String, JSONValue)], source: ReportTableSource? = nil) {
      self.name = name
      self.artifact = artifact
      self.details = details
      self.source = source
    }
  }

  /// Which fields locate a finding in the JSON and CSV: a key (retention, settings), or a
  /// chain, seq range and key (verify).
  package enum FindingFields: Sendable {
    case keyed, chained
  }

  /// `verify`, `retention` or `settings`: names the schema (`ddbaudit.retention/1`) and the suites.
  package var command: String
  /// The shard checked (`K/N`, docs/scale.md); nil for whole tables.
  package var shard: Shard?
  /// The workbook's title and description.
  package var title: String
  package var description: String
  package var asOf: Int64
  /// The summary as JSON members, and as lines for people.
  package var summary: [(String, JSONValue)]
  package var summaryLines: [String]
  package var subjects: [Subject]
  /// The codes the check can raise, in the order it tries them: JUnit test cases, SARIF rules.
  package var rules: [FindingCode]
  /// Every finding, in a deterministic order.
  package var findings: [Finding]
  package var findingFields: FindingFields
  /// The XLSX Evidence sheet; its column widths, when not measured from the rows.
  package var evidenceColumns: [String]
  package var evidenceRows: [[Cell]]
  package var evidenceWidths: [Int]?

  package var schema: String { "ddbaudit.\(command)/1" }

  /// The summary members every check has: `bySeverity` and `byCode` (in `codes` order).
  package static func counts(_ findings: [Finding], codes: [FindingCode]) -> [(String, JSONValue)] {
    [
      ("bySeverity", .object(findings.countsBySeverity.map { ($0.0.rawValue, .int(Int64($0.1))) })),
      ("byCode", .object(findings.countsByCode(codes).map { ($0.0.rawValue, .int(Int64($0.1))) })),
    ]
  }

  /// `findings 15: 1 critical, 10 error, 4 warning`.
  package static func findingsText(_ findings: [Finding]) -> String {
    "findings \(findings.count)" + (findings.isEmpty ? "" : ": " + findings.severityText)
  }

  // MARK: Text, JSON, CSV

  /// `{"schema","asOf","summary","tables","findings":[{"code","severity","table","key","detail"}]}`.
  package var json: JSONValue {
    .object([
      ("schema", .string(schema)), ("asOf", .string(Timestamp.iso8601(milliseconds: asOf))),
    ] + (shard.map { [("shard", .string($0.description))] } ?? []) + [
      ("summary", .object(summary)),
      ("tables", .array(subjects.map { .object([("name", .string($0.name))] + $0.details) })),
      ("findings", .array(findings.map { findingFields == .chained ? $0.json : $0.checkJSON })),
    ])
  }

  /// The summary, then one line per finding.
  package var textLines: [String] {
    var lines = summaryLines
    if let shard, !lines.isEmpty { lines[0] += " (shard \(shard))" }
    if findings.isEmpty {
      lines.append("no findings")
    } else {
      lines.append("")
      lines += findings.map(\.line)
    }
    return lines
  }

  package init(
    command: String, title: String? = nil, description: String = "", asOf: Int64, shard: Shard? = nil, summary: [(String, JSONValue)],
    summaryLines: [String], subjects: [Subject], rules: [FindingCode], findings: [Finding], findingFields: FindingFields = .keyed,
    evidenceColumns: [String], evidenceRows: [[Cell]], evidenceWidths: [Int]? = nil
  ) {
    self.command = command
    self.shard = shard
    self.title = title ?? "ddbaudit \(command)"
    self.description = description
    self.findingFields = findingFields
    self.evidenceWidths = evidenceWidths
    self.asOf = asOf
    self.summary = summary
    self.summaryLines = summaryLines
    self.subjects = subjects
    self.rules = rules
    self.findings = findings
    self.evidenceColumns = evidenceColumns
    self.evidenceRows = evidenceRows
  }
}

extension Finding {
  /// The finding as a check command's JSON: `{"code","severity","table","key","detail"}`.
  package var checkJSON: JSONValue {
    .object([
      ("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)), ("table", .string(table)),
      ("key", key.map(\.json) ?? .null), ("detail", .string(detail)),
    ])
  }
}

extension ItemKey {
  /// `{"user_id":"u-1","timestamp#log_id":"…"}`.
  package var json: JSONValue {
    var members: [(String, JSONValue)] = [(partitionKey, .string(pk))]
    if let sortKey, let sk { members.append((sortKey, .string(sk))) }
    return .object(members)
  }
}
