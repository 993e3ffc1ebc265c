import Foundation
import DDBAuditModel
import DDBAuditChecks

/// A report, as described by a JSON file in `Reports/`: which tables it reads, the evidence
/// columns, which rows it renders, how it summarises them and which rows are findings.
/// Adding a report means adding a file; see docs/reports.md for the format.
package struct ReportDefinition: Sendable, Decodable {
  package var name: String
  package var title: String
  package var description: String
  /// `items` (rows are the tables' current items), `verify` (rows are chains, findings are
  /// the verify findings) or `retention` (rows are items with their retention verdicts,
  /// findings are the retention findings).
  package var source: Source = .items
  /// Tables whose profile is one of these (or whose name is one of these).
  package var profiles: [String]
  /// Whether `--from/--to/--period/--since` select rows by record time. A snapshot report
  /// (api-keys) takes every current item.
  package var period: Bool = true
  package var columns: [Column]
  /// Rows in the period that do not meet these conditions are counted as filtered.
  package var `where`: [Condition] = []
  package var groups: [Group] = []
  package var findings: [FindingRule] = []
  /// For an `access-review` report: the roles, write actions and dormancy it judges by.
  package var review: AccessReviewRules? = nil

  package enum Source: String, Sendable, Decodable {
    case items, verify, retention
    /// Rows are the users of the Cognito user pool (and unknown actors), joined with the
    /// records of the tables; findings are the access review's (docs/access-review.md).
    case accessReview = "access-review"
  }

  enum CodingKeys: String, CodingKey { case name, title, description, source, profiles, period, columns, `where`, groups, findings, review }

  package init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    title = try c.decode(String.self, forKey: .title)
    description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    source = try c.decodeIfPresent(Source.self, forKey: .source) ?? .items
    profiles = try c.decode([String].self, forKey: .profiles)
    period = try c.decodeIfPresent(Bool.self, forKey: .period) ?? true
    columns = try c.decode([Column].self, forKey: .columns)
    `where` = try c.decodeIfPresent([Condition].self, forKey: .where) ?? []
    groups = try c.decodeIfPresent([Group].self, forKey: .groups) ?? []
    findings = try c.decodeIfPresent([FindingRule].self, forKey: .findings) ?? []
    review = try c.decodeIfPresent(AccessReviewRules.self, forKey: .review)
  }

  init(name: String, title: String, description: String, profiles: [String], columns: [Column]) {
    self.name = name
    self.title = title
    self.description = description
    self.profiles = profiles
    self.columns = columns
  }

  /// One evidence column.
  /// How a column reads its value: `time` reads ISO 8601 text or epoch seconds/ms as an instant.
  package enum ColumnType: String, Sendable { case time }

  /// The calendar unit (UTC) a time column is cut to, as text: `2026-11-20` or `2026-11`.
  package enum Truncation: String, Sendable {
    case day, month
    /// The length of the ISO 8601 prefix that names the unit.
    package var prefixLength: Int { self == .month ? 7 : 10 }
  }

  package struct Column: Sendable, Decodable {
    /// How conditions, groups and detail templates refer to the column.
    package var name: String
    /// The heading in the files (default: the name).
    package var header: String?
    /// Attribute names (dotted for nested map members), tried in order; or a special value:
    /// `@time`, `@table`, `@key`, `@ageDays`, `@ttl`, and for the verify source `@chain`,
    /// `@records`, `@firstSeq`, `@headSeq`, `@headHash`, `@status`, `@findings`, and for the
    /// retention source `@retentionCode`, `@retentionDetail`, `@keyHashed`.
    package var from: [String]
    /// `time`: read ISO 8601 text or epoch seconds/ms as an instant.
    package var type: ColumnType?
    /// `day` or `month`: truncate a time to that calendar unit (UTC), as text.
    package var truncate: Truncation?
    /// Upper bounds that turn a number into a bucket label (`<30`, `30–89`, …, `≥365`).
    package var buckets: [Int64]?

    package var heading: String { header ?? name }

    init(name: String, from: [String]) {
      self.name = name
      self.from = from
    }

    enum CodingKeys: String, CodingKey { case name, header, from, type, truncate, buckets }
    package init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decode(String.self, forKey: .name)
      header = try c.decodeIfPresent(String.self, forKey: .header)
      if let one = try? c.decode(String.self, forKey: .from) { from = [one] } else { from = try c.decode([String].self, forKey: .from) }
      func choice<T: RawRepresentable<String>>(_ key: CodingKeys, _ rule: String) throws -> T? {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = T(rawValue: text) else {
          throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "column \"\(name)\": \(rule)")
        }
        return value
      }
      type = try choice(.type, "the only type is time")
      truncate = try choice(.truncate, "truncate must be day or month")
      buckets = try c.decodeIfPresent([Int64].self, forKey: .buckets)
    }
  }

  /// A test on one column's text: `in`, `notIn`, or `missing`.
  package struct Condition: Sendable, Decodable {
    package var column: String
    package var `in`: [String]?
    package var notIn: [String]?
    package var missing: Bool?
  }

  /// A summary table: counts of rendered rows by the values of `by`.
  package struct Group: Sendable, Decodable {
    package var title: String
    package var by: [String]
    /// Leave the group out when one of its columns has no value in any row (an attribute
    /// only some tables' items carry, such as `account_id`).
    package var whenPresent: Bool?
    /// Draw the group as a native chart in the XLSX (a "Charts" sheet): `column`, `bar` or `line`.
    package var chart: String?
    /// Add up this (numeric) column instead of counting rows: `records` gives actions by role.
    package var sum: String?
  }

  /// Rendered rows that meet `where` are findings with this code and severity.
  package struct FindingRule: Sendable, Decodable {
    package var code: String
    package var severity: Severity
    package var `where`: [Condition]
    /// The detail, with `{column}` replaced by the row's value.
    package var detail: String
  }

  /// Loads and checks a definition file.
  package static func load(path: String) throws -> ReportDefinition { try LoadedDefinition(path: path).definition }

  /// Decodes and checks a definition; `path` names it in errors.
  static func decode(_ bytes: [UInt8], path: String) throws -> ReportDefinition {
    let definition = try decodeJSON(ReportDefinition.self, from: Data(bytes), path: path, what: "report definition")
    if let problem = definition.problem() { throw DDBAuditError.badInput(path: path, line: nil, message: problem) }
    return definition
  }

  /// What is wrong with the definition, if anything.
  func problem() -> String? {
    let names = columns.map(\.name)
    if columns.isEmpty { return "a report needs at least one column" }
    if Set(names).count != names.count { return "column names must be unique" }
    let conditions = `where` + findings.flatMap(\.where)
    for c in conditions where !names.contains(c.column) { return "condition on unknown column \"\(c.column)\"" }
    for g in groups { for b in g.by + (g.sum.map { [$0] } ?? []) where !names.contains(b) { return "group \"\(g.title)\" uses unknown column \"\(b)\"" } }
    if source == .accessReview {
      guard let review else { return "an access-review report needs a \"review\" member (docs/access-review.md)" }
      if let problem = review.problem() { return problem }
    } else if review != nil {
      return "\"review\" belongs to an access-review report (\"source\": \"access-review\")"
    }
    for g in groups {
      if let chart = g.chart, !["column", "bar", "line"].contains(chart) {
        return "group \"\(g.title)\": chart \"\(chart)\" is not one of column, bar, line"
      }
    }
    for c in columns {
      if c.from.isEmpty { return "column \"\(c.name)\" has no \"from\"" }
      for f in c.from where f.hasPrefix("@") && !Self.specials.contains(f) {
        if source == .accessReview && (f.hasPrefix("@user.") || Self.activitySpecials.contains(f)) && f.count > 6 { continue }
        return "column \"\(c.name)\": unknown \(f)"
      }
    }
    for rule in findings where rule.code.isEmpty || rule.code.uppercased() != rule.code {
      return "finding code \"\(rule.code)\" must be UPPER_CASE"
    }
    return nil
  }

  static let specials: Set<String> = [
    "@time", "@table", "@key", "@ageDays", "@ttl", "@chain", "@records", "@firstSeq", "@headSeq", "@headHash", "@status", "@findings",
    "@retentionCode", "@retentionDetail", "@keyHashed",
  ]
  /// The access review's activity columns; `@user.NAME` reads a user field or attribute.
  static let activitySpecials: Set<String> = ["@activity.records", "@activity.writes", "@activity.last", "@activity.actions"]
}
