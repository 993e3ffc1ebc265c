import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports

/// The nightly job: import what is new, verify, check retention, write the reports into a
/// dated folder; under an exclusive lock, with every file written atomically.
package final class NightlyJob {
  let config: NightlyConfig
  let asOf: Int64
  let generatedAt: Int64
  /// `$DDBAUDIT_REPORTS`: report definitions that override the built-in ones.
  let reportsEnvironment: String?
  /// One line per step, for people (stderr).
  let log: (String) -> Void

  package init(config: NightlyConfig, asOf: Int64, generatedAt: Int64, reportsEnvironment: String?, log: @escaping (String) -> Void) {
    self.config = config
    self.asOf = asOf
    self.generatedAt = generatedAt
    self.reportsEnvironment = reportsEnvironment
    self.log = log
  }

  package func run(observer: ImportObserver? = nil) throws -> NightlyOutcome {
    // The whole config is checked before anything is touched (the lock file included):
    // profiles, policy, period and every report.
    let catalog = try ProfileCatalog.load(profilesFile: config.profiles)
    let policy = try config.policy.map(RetentionPolicyFile.load)
    let folder = (config.outputDir as NSString).appendingPathComponent(String(Timestamp.iso8601(milliseconds: asOf).prefix(10)))
    let reportCatalog = ReportCatalog(explicit: config.reportsDir, environment: reportsEnvironment, currentDirectory: nil)
    let definitions = try config.reports.map { name in
      do { return try reportCatalog.definition(name) } catch DDBAuditError.usage(let message) {
        throw DDBAuditError.badInput(path: config.path, line: ConfigShape.line(of: "reports", in: config.text), message: "\"reports\": \(message)")
      }
    }
    let period = try Period.resolve(from: nil, to: nil, period: config.period, since: config.since ?? "24h", asOf: asOf)
    let lock = try RunLock(path: config.lockFile!)
    defer { withExtendedLifetime(lock) {} }

    // 1. Import what is new.
    let imports = try AuditStore.writing(path: config.db) { store in
      let importer = Importer(store: store, catalog: catalog, options: ImportOptions())
      importer.observer = observer
      return try importer.importPaths(config.imports)
    }
    let fresh = imports.filter { !$0.alreadyImported }
    log(
      "import: \(fresh.count) new \(fresh.count == 1 ? "export" : "exports") (\(fresh.reduce(0) { $0 + $1.items }) items), "
        + "\(imports.count - fresh.count) already in the store")

    let store = try AuditStore(path: config.db, readOnly: true)
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw DDBAuditError.io(path: folder, message: "cannot create the output folder: \(error.localizedDescription)")
    }

    // 2. Verify.
    let verify = try Verifier(store: store, catalog: catalog).verify(VerifyOptions(asOf: asOf))
    try Self.writeJSON(verify.report.json, to: (folder as NSString).appendingPathComponent("verify.json"))
    log(
      "verify: \(verify.summary.tables) tables, \(verify.summary.chains) chains, \(verify.summary.records) records, "
        + "\(verify.summary.intactChains) intact; \(Self.count(verify.findings))")

    // 3. Retention.
    var retentionOptions = RetentionOptions(asOf: asOf)
    retentionOptions.policy = policy
    retentionOptions.retentionDays = config.retentionDays
    let retention = try RetentionChecker(store: store, catalog: catalog).check(retentionOptions)
    try Self.writeJSON(retention.report.json, to: (folder as NSString).appendingPathComponent("retention.json"))
    log("retention: \(retention.tables.reduce(0) { $0 + $1.items }) items in \(retention.tables.count) tables; \(Self.count(retention.findings))")

    // 4. Reports for the period.
    var reports: [ReportOutcome] = []
    for definition in definitions {
      var options = ReportOptions(asOf: asOf, generatedAt: generatedAt)
      options.period = period
      options.formats = config.formats
      // Named by day, not by the second: a second run the same day replaces that day's files.
      options.fileStem = "\(definition.definition.name)_\(Timestamp.iso8601(milliseconds: asOf).prefix(10))"
      options.outputDirectory = folder
      options.retention = retentionOptions
      reports.append(
        try ReportRunner(store: store, catalog: catalog, definition: definition).run(options))
    }
    let files = reports.reduce(0) { $0 + $1.outputs.count }
    log("reports: \(reports.count) reports, \(files) files (+ .sha256) in \(folder)")
    return NightlyOutcome(folder: folder, imports: imports, verify: verify, retention: retention, reports: reports)
  }

  /// `no findings`, or `7 findings: 5 critical, 2 warning`.
  static func count(_ findings: [Finding]) -> String {
    if findings.isEmpty { return "no findings" }
    return "\(findings.count) \(findings.count == 1 ? "finding" : "findings"): " + findings.severityText
  }

  /// Writes `value` and its `.sha256` sidecar, each atomically.
  static func writeJSON(_ value: JSONValue, to path: String) throws {
    let file = try AtomicFile(path: path)
    try file.write(value.bytes(pretty: true) + [0x0A])
    let sha256 = try file.prepare()
    let sidecar = try AtomicFile(path: path + ".sha256")
    try sidecar.write("\(sha256)  \((path as NSString).lastPathComponent)\n")
    _ = try file.commit()
    _ = try sidecar.commit()
  }
}
