import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditReports

/// The nightly job's configuration (`ddbaudit run --config FILE`), a JSON file. Relative
/// paths are relative to the file's folder, so the job behaves the same from any cron `cd`.
///
/// ```json
/// {"db": "ddbaudit.sqlite", "imports": ["exports"], "reports": ["audit-trail", "retention"],
///  "since": "24h", "outputDir": "reports"}
/// ```
package struct NightlyConfig: Sendable, Decodable {
  /// The store.
  package var db: String
  /// Folders to import every new export from.
  package var imports: [String]
  /// Report names (or definition files) to write each night.
  package var reports: [String] = []
  /// Report formats (default csv, xlsx, json).
  package var formats: [ReportFormat] = [.csv, .xlsx, .json]
  /// Reports go to `<outputDir>/<as-of date>/`.
  package var outputDir: String
  /// The reports' period: `since` a span before as-of (`24h`, `7d`), or a calendar `period`.
  package var since: String?
  package var period: String?
  package var profiles: String?
  package var policy: String?
  package var reportsDir: String?
  package var retentionDays: Int?
  /// The lock file (default `<outputDir>/.ddbaudit.lock`).
  package var lockFile: String?
  /// The private key that signs each chained table's checkpoint and the run's evidence
  /// note (docs/checkpoint.md); none: nothing is signed.
  package var signingKey: String?
  /// The tables to checkpoint (default: every chained table).
  package var checkpointTables: [String]?
  /// Exit 1 when verify or retention finds something at or above this (default error).
  package var failOn: Severity = .error
  /// A folder of Cognito user pool snapshots, one subfolder each, named by when it was taken
  /// (`2026-12-01` or `2026-12-01T02:00:00Z`); new ones are imported oldest first.
  package var userPoolSnapshots: String?
  /// The pool's id, when its files do not name it; also the pool the access review reads.
  package var userPool: String?
  /// The config file, and its text, for messages.
  package var path = ""
  var text = ""

  enum CodingKeys: String, CodingKey, CaseIterable {
    case db, imports, reports, formats, outputDir, since, period, profiles, policy, reportsDir, retentionDays, lockFile, failOn
    case signingKey, checkpointTables, userPoolSnapshots, userPool
  }
  static let shape = ConfigShape.keys(
    CodingKeys.self,
    [
      "formats": .array(.choice(ReportFormat.allCases.map(\.rawValue))), "failOn": .severity, "imports": .array(.any), "reports": .array(.any),
      "checkpointTables": .array(.any),
    ])

  package init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    db = try c.decode(String.self, forKey: .db)
    imports = try c.decode([String].self, forKey: .imports)
    reports = try c.decodeIfPresent([String].self, forKey: .reports) ?? []
    let formatNames = try c.decodeIfPresent([String].self, forKey: .formats) ?? ["csv", "xlsx", "json"]
    formats = try formatNames.map { name in
      guard let format = ReportFormat(rawValue: name) else {
        throw DecodingError.dataCorruptedError(forKey: .formats, in: c, debugDescription: "unknown format \"\(name)\" (csv, xlsx, json)")
      }
      return format
    }
    outputDir = try c.decode(String.self, forKey: .outputDir)
    since = try c.decodeIfPresent(String.self, forKey: .since)
    period = try c.decodeIfPresent(String.self, forKey: .period)
    profiles = try c.decodeIfPresent(String.self, forKey: .profiles)
    policy = try c.decodeIfPresent(String.self, forKey: .policy)
    reportsDir = try c.decodeIfPresent(String.self, forKey: .reportsDir)
    retentionDays = try c.decodeIfPresent(Int.self, forKey: .retentionDays)
    lockFile = try c.decodeIfPresent(String.self, forKey: .lockFile)
    failOn = try c.decodeIfPresent(Severity.self, forKey: .failOn) ?? .error
    signingKey = try c.decodeIfPresent(String.self, forKey: .signingKey)
    checkpointTables = try c.decodeIfPresent([String].self, forKey: .checkpointTables)
    userPoolSnapshots = try c.decodeIfPresent(String.self, forKey: .userPoolSnapshots)
    userPool = try c.decodeIfPresent(String.self, forKey: .userPool)
  }

  /// Loads a config file and resolves its relative paths against the file's folder.
  package static func load(path: String) throws -> NightlyConfig {
    var config = try decodeJSONFile(NightlyConfig.self, path: path, what: "run config", shape: shape)
    config.path = path
    config.text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    if config.since != nil && config.period != nil {
      throw DDBAuditError.badInput(path: path, line: nil, message: "give \"since\" or \"period\", not both")
    }
    if let days = config.retentionDays, !(1...RetentionOverrides.maximumDays).contains(days) {
      throw DDBAuditError.badInput(
        path: path, line: ConfigShape.line(of: "retentionDays", in: config.text), message: "\"retentionDays\" must be 1 to \(RetentionOverrides.maximumDays)")
    }
    if let since = config.since, TimeSpan.milliseconds(since) == nil {
      throw DDBAuditError.badInput(path: path, line: nil, message: "\"since\": \"\(since)\" is not a span like 24h or 7d")
    }
    let base = URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent()
    func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).absoluteURL.standardized.path }
    config.db = resolve(config.db)
    config.imports = config.imports.map(resolve)
    config.outputDir = resolve(config.outputDir)
    config.profiles = config.profiles.map(resolve)
    config.policy = config.policy.map(resolve)
    config.reportsDir = config.reportsDir.map(resolve)
    config.signingKey = config.signingKey.map(resolve)
    config.userPoolSnapshots = config.userPoolSnapshots.map(resolve)
    config.lockFile = resolve(config.lockFile ?? (config.outputDir as NSString).appendingPathComponent(".ddbaudit.lock"))
    config.reports = config.reports.map { $0.hasSuffix(".json") || $0.contains("/") ? resolve($0) : $0 }
    return config
  }
}
