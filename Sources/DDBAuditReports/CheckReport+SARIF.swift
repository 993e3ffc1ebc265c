import Crypto
import Foundation
import DDBAuditModel

extension CheckReport {
  /// SARIF 2.1.0 as GitHub code scanning reads it: one run, a rule per code (with a numeric
  /// `security-severity`), a result per finding located at line 1 of the export manifest (or
  /// settings file) it came from, relative to `sourceRoot` (`SRCROOT`), with a stable fingerprint.
  package func sarif(sourceRoot: String) -> JSONValue {
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
      // A chain finding without a key (TRUNCATED_TAIL, a MISSING range) is located by its chain and seqs.
      var logical = f.table
      if let chain = f.chain { logical += " chain " + chain }
      if let seq = f.seq { logical += " seq \(seq)" + (f.seqEnd.map { $0 == seq ? "" : "-\($0)" } ?? "") }
      logical += f.key.map { " " + $0.text } ?? ""
      var location: [(String, JSONValue)] = []
      if let artifact = artifacts[f.table], !artifact.isEmpty {
        location.append(
          (
            "physicalLocation",
            .object([("artifactLocation", Self.artifactLocation(artifact, root: root)), ("region", .object([("startLine", .int(1))]))])
          ))
      }
      location.append(("logicalLocations", .array([.object([("name", .string(f.key?.text ?? f.chain.map { "chain " + $0 } ?? f.table)), ("fullyQualifiedName", .string(logical)), ("kind", .string("object"))])])))
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

extension Severity {
  /// GitHub code scanning's `security-severity` (critical ≥ 9, high ≥ 7, medium ≥ 4, low).
  package var securitySeverity: String {
    switch self {
    case .critical: "9.0"
    case .error: "7.0"
    case .warning: "4.0"
    case .info: "1.0"
    }
  }

  /// SARIF's `level`.
  package var sarifLevel: String {
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
}
