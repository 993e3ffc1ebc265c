import Crypto
import Foundation

/// The result of a check command (`retention`, `settings`) as every output format shows it:
/// what was checked, the counts, and the findings. One value, six renderings: text, JSON,
/// CSV, XLSX, JUnit XML and SARIF 2.1.0.
public struct CheckReport: Sendable {
  /// A table (or other thing) that was checked, and the file its evidence came from.
  public struct Subject: Sendable {
    public var name: String
    /// The export or settings file, for SARIF locations.
    public var artifact: String
    /// JSON members describing it: items, policy, source.
    public var details: [(String, JSONValue)]
    public init(name: String, artifact: String, details: [(String, JSONValue)]) {
      self.name = name
      self.artifact = artifact
      self.details = details
    }
  }

  /// `retention` or `settings`: names the schema (`ddbaudit.retention/1`) and the suites.
  public var command: String
  public var asOf: Int64
  /// The summary as JSON members, and as lines for people.
  public var summary: [(String, JSONValue)]
  public var summaryLines: [String]
  public var subjects: [Subject]
  /// The codes the check can raise, in the order it tries them: JUnit test cases, SARIF rules.
  public var rules: [FindingCode]
  /// Every finding, in a deterministic order.
  public var findings: [Finding]
  /// The XLSX Evidence sheet.
  public var evidenceColumns: [String]
  public var evidenceRows: [[Cell]]

  public var schema: String { "ddbaudit.\(command)/1" }

  /// The summary members every check has: `bySeverity` and `byCode` (in `codes` order).
  static func counts(_ findings: [Finding], codes: [FindingCode]) -> [(String, JSONValue)] {
    [
      ("bySeverity", .object(findings.countsBySeverity.map { ($0.0.rawValue, .int(Int64($0.1))) })),
      ("byCode", .object(findings.countsByCode(codes).map { ($0.0.rawValue, .int(Int64($0.1))) })),
    ]
  }

  /// `findings 15: 1 critical, 10 error, 4 warning`.
  static func findingsText(_ findings: [Finding]) -> String {
    "findings \(findings.count)" + (findings.isEmpty ? "" : ": " + findings.severityText)
  }

  // MARK: Text, JSON, CSV

  /// `{"schema","asOf","summary","tables","findings":[{"code","severity","table","key","detail"}]}`.
  public var json: JSONValue {
    .object([
      ("schema", .string(schema)), ("asOf", .string(Timestamp.iso8601(milliseconds: asOf))), ("summary", .object(summary)),
      ("tables", .array(subjects.map { .object([("name", .string($0.name))] + $0.details) })),
      ("findings", .array(findings.map(\.checkJSON))),
    ])
  }

  /// The summary, then one line per finding.
  public var textLines: [String] {
    var lines = summaryLines
    if findings.isEmpty {
      lines.append("no findings")
    } else {
      lines.append("")
      lines += findings.map(\.line)
    }
    return lines
  }

  public static let csvHeadings = ["severity", "code", "table", "key", "detail"]

  static func csvCells(_ f: Finding) -> [Cell] {
    [.text(f.severity.rawValue), .text(f.code.rawValue), .text(f.table), f.key.map { .text($0.text) } ?? .empty, .text(f.detail)]
  }

  /// One header row, then one row per finding.
  public func writeCSV(to target: OutputTarget, options: CSVOptions) throws {
    let csv = CSVWriter(options: options)
    try target.write(csv.preamble)
    try target.write(csv.record(Self.csvHeadings))
    for finding in findings { try target.write(csv.record(Self.csvCells(finding))) }
  }

  /// Summary, Findings and Evidence sheets, written atomically to `path`.
  public func writeXLSX(path: String) throws {
    let title = "ddbaudit \(command)"
    let document = ReportDocument.listing(
      name: command, title: title, columns: evidenceColumns,
      widths: evidenceColumns.indices.map { k in evidenceRows.map { $0[k].text.count }.max() ?? 8 }, period: .all,
      asOf: asOf, rows: Int64(evidenceRows.count), findings: findings)
    let file = try AtomicFile(path: path, external: true)
    let check = command == "retention" ? ReportVerdict.retentionCheck : "Table settings: TTL, backups, streams, encryption, deletion protection"
    let sink = try XLSXReportSink(file: file, asOf: asOf, title: title, constantMemory: findings.count > 100_000, verdictCheck: check)
    try sink.begin(document)
    for row in evidenceRows { try sink.row(row) }
    try sink.finish(siblings: [])
    _ = try file.commit()
  }

  // MARK: JUnit

  /// JUnit XML: one suite per table, one test case per table × rule. A case fails when the
  /// rule has findings at or above `failOn`; findings below it are listed in `system-out`.
  public func junit(failOn: Severity) -> String {
    let names = subjects.map(\.name)
    var byCase: [String: [String: [Finding]]] = [:]
    for f in findings { byCase[f.table, default: [:]][f.code.rawValue, default: []].append(f) }
    let extra = Set(findings.map(\.code)).subtracting(rules).sorted()
    let codes = rules + extra
    let timestamp = String(Timestamp.iso8601(milliseconds: asOf).prefix(19))
    var suites: [String] = []
    var totalFailures = 0
    for name in names + Set(findings.map(\.table)).subtracting(names).sorted() {
      var cases: [String] = []
      var failures = 0
      for code in codes {
        let found = byCase[name]?[code.rawValue] ?? []
        let failing = found.filter { $0.severity >= failOn }
        var body = ""
        if !failing.isEmpty {
          failures += 1
          let worst = failing.map(\.severity).max()!
          body += "\n      <failure type=\"\(code.rawValue)\" message=\"\(XML.escape("\(failing.count) \(failing.count == 1 ? "finding" : "findings") (\(worst.rawValue)): \(code.summary)"))\">"
          body += XML.escape(failing.map(\.line).joined(separator: "\n")) + "</failure>"
        }
        let passing = found.filter { $0.severity < failOn }
        if !passing.isEmpty {
          body += "\n      <system-out>" + XML.escape(passing.map(\.line).joined(separator: "\n")) + "</system-out>"
        }
        let open = "    <testcase classname=\"ddbaudit.\(command).\(XML.escape(name))\" name=\"\(code.rawValue)\" time=\"0\">"
        cases.append(body.isEmpty ? String(open.dropLast()) + "/>" : open + body + "\n    </testcase>")
      }
      totalFailures += failures
      suites.append(
        "  <testsuite name=\"ddbaudit.\(command).\(XML.escape(name))\" tests=\"\(codes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"\(timestamp)\">\n"
          + "    <properties>\n      <property name=\"asOf\" value=\"\(Timestamp.iso8601(milliseconds: asOf))\"/>\n      <property name=\"failOn\" value=\"\(failOn.rawValue)\"/>\n    </properties>\n"
          + cases.joined(separator: "\n") + "\n  </testsuite>")
    }
    let tests = suites.count * codes.count
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<testsuites name=\"ddbaudit \(command)\" tests=\"\(tests)\" failures=\"\(totalFailures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
      + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
  }

  // MARK: SARIF

  /// SARIF 2.1.0 as GitHub code scanning reads it: one run, a rule per code (with a numeric
  /// `security-severity`), a result per finding located at line 1 of the export manifest (or
  /// settings file) it came from, relative to `sourceRoot` (`SRCROOT`), with a stable fingerprint.
  public func sarif(sourceRoot: String) -> JSONValue {
    let root = URL(fileURLWithPath: sourceRoot).standardizedFileURL.path
    let codes = rules + Set(findings.map(\.code)).subtracting(rules).sorted()
    let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1.rawValue, $0) })
    let artifacts = Dictionary(subjects.map { ($0.name, $0.artifact) }, uniquingKeysWith: { a, _ in a })
    let ruleObjects: [JSONValue] = codes.map { code in
      .object([
        ("id", .string(code.rawValue)), ("name", .string(code.camelName)),
        ("shortDescription", .object([("text", .string(code.summary))])),
        ("fullDescription", .object([("text", .string(code.summary))])),
        ("help", .object([("text", .string("\(code.summary). See docs/\(command).md."))])),
        ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.sarifLevel))])),
        (
          "properties",
          .object([
            ("tags", .array([.string(command), .string("dynamodb"), .string("security")])), ("severity", .string(code.defaultSeverity.rawValue)),
            ("security-severity", .string(code.defaultSeverity.securitySeverity)),
          ])
        ),
      ])
    }
    let results: [JSONValue] = findings.map { f in
      let logical = f.table + (f.key.map { " " + $0.text } ?? "")
      var location: [(String, JSONValue)] = []
      if let artifact = artifacts[f.table], !artifact.isEmpty {
        location.append(
          (
            "physicalLocation",
            .object([("artifactLocation", Self.artifactLocation(artifact, root: root)), ("region", .object([("startLine", .int(1))]))])
          ))
      }
      location.append(("logicalLocations", .array([.object([("name", .string(f.key?.text ?? f.table)), ("fullyQualifiedName", .string(logical)), ("kind", .string("object"))])])))
      let fingerprint = RecordHash.hex(SHA256.hash(data: Data("\(command)\u{0}\(f.code.rawValue)\u{0}\(logical)".utf8)))
      return .object([
        ("ruleId", .string(f.code.rawValue)), ("ruleIndex", .int(Int64(index[f.code.rawValue]!))), ("level", .string(f.severity.sarifLevel)),
        ("message", .object([("text", .string("\(f.table)\(f.key.map { " [\($0.text)]" } ?? ""): \(f.detail)"))])),
        ("locations", .array([.object(location)])),
        ("partialFingerprints", .object([("ddbauditFinding/v1", .string(fingerprint))])),
        ("properties", .object([("severity", .string(f.severity.rawValue)), ("table", .string(f.table))])),
      ])
    }
    return .object([
      ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"), ("version", "2.1.0"),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", "ddbaudit"), ("version", .string(DDBAuditVersion.current)),
                    ("rules", .array(ruleObjects)),
                  ])
                )
              ])
            ),
            ("automationDetails", .object([("id", .string("ddbaudit/\(command)/"))])),
            ("originalUriBaseIds", .object([("SRCROOT", .object([("uri", .string(Self.directoryURI(root)))]))])),
            ("invocations", .array([.object([("executionSuccessful", .bool(true)), ("endTimeUtc", .string(Timestamp.iso8601(milliseconds: asOf)))])])),
            ("results", .array(results)),
          ])
        ])
      ),
    ])
  }

  /// An artifact path as SARIF's `artifactLocation`: relative to `root` (`uriBaseId`
  /// SRCROOT) when under it, else an absolute `file://` URI.
  static func artifactLocation(_ path: String, root: String) -> JSONValue {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let encode = { (p: String) in p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p }
    let prefix = root.hasSuffix("/") ? root : root + "/"
    guard absolute.hasPrefix(prefix) else { return .object([("uri", .string("file://" + encode(absolute)))]) }
    return .object([("uri", .string(encode(String(absolute.dropFirst(prefix.count))))), ("uriBaseId", "SRCROOT")])
  }

  /// `file:///srv/audit/`: a folder as an absolute URI ending in `/`.
  static func directoryURI(_ path: String) -> String {
    let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    return "file://" + encoded + (encoded.hasSuffix("/") ? "" : "/")
  }
}

extension Finding {
  /// The finding as a check command's JSON: `{"code","severity","table","key","detail"}`.
  public var checkJSON: JSONValue {
    .object([
      ("code", .string(code.rawValue)), ("severity", .string(severity.rawValue)), ("table", .string(table)),
      ("key", key.map(\.json) ?? .null), ("detail", .string(detail)),
    ])
  }
}

extension ItemKey {
  /// `{"user_id":"u-1","timestamp#log_id":"…"}`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [(partitionKey, .string(pk))]
    if let sortKey, let sk { members.append((sortKey, .string(sk))) }
    return .object(members)
  }
}

extension Severity {
  /// GitHub code scanning's `security-severity` (critical ≥ 9, high ≥ 7, medium ≥ 4, low).
  public var securitySeverity: String {
    switch self {
    case .critical: "9.0"
    case .error: "7.0"
    case .warning: "4.0"
    case .info: "1.0"
    }
  }

  /// SARIF's `level`.
  public var sarifLevel: String {
    switch self {
    case .critical, .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }
}

extension FindingCode {
  /// `TTL_MISSING` → `TtlMissing` (SARIF's rule name).
  var camelName: String {
    rawValue.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
  }

  /// What the code means, in one line.
  public var summary: String { FindingCode.summaries[rawValue] ?? rawValue }

  static let summaries: [String: String] = [
    "TTL_MISSING": "The item has no TTL attribute although its table's policy requires one",
    "TTL_NOT_NUMBER": "The TTL is not a Number, so DynamoDB ignores it",
    "TTL_MILLISECONDS": "The TTL is in milliseconds (or finer), not epoch seconds, so the item is never deleted",
    "TTL_NOT_EPOCH": "The TTL is a duration or lies before the record's own time, not an epoch expiry time",
    "TTL_NEVER_DELETED": "The TTL lies more than 5 years in the past, so DynamoDB never deletes the item",
    "TTL_ON_ACTIVE_KEY": "An active API key has a TTL, so DynamoDB will delete a key in use",
    "TTL_TOO_SHORT": "The TTL expires before the retention minimum (record time + 7 calendar years for audit tables)",
    "TTL_TOO_LONG": "The TTL lies beyond the policy's maximum (data minimisation)",
    "EXPIRED_NOT_DELETED": "The item is past its TTL by more than the grace period and still present",
    "KEY_NOT_HASHED": "The API key material is not stored as a SHA-256 hash",
    "TTL_NOT_ENABLED": "Time to Live is not ENABLED on the table",
    "TTL_WRONG_ATTRIBUTE": "Time to Live is enabled on a different attribute than the profile's",
    "PITR_DISABLED": "Point-in-time recovery is disabled",
    "STREAM_DISABLED": "The audit table's stream is disabled",
    "STREAM_VIEW_TYPE": "The audit table's stream does not carry NEW_AND_OLD_IMAGES",
    "SSE_NOT_DESCRIBED": "No server-side encryption is described (the table uses an AWS owned key at most)",
    "DELETION_PROTECTION_OFF": "Deletion protection is off on an audit table",
  ]
}

/// XML text escaping for JUnit.
enum XML {
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        // XML 1.0 has no other control characters, nor U+FFFE/U+FFFF.
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
