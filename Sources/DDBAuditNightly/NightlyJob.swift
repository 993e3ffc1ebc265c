import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports
import DDBAuditCheckpoints

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
    let period = try Period.resolve(from: nil, to: nil, period: config.period, since: config.period == nil ? config.since ?? "24h" : nil, asOf: asOf)
    let signer = try config.signingKey.map(KeyFile.signer)
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
    if let folder = config.userPoolSnapshots { try importPoolSnapshots(folder, catalog: catalog) }

    let store = try AuditStore(path: config.db, readOnly: true)
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw DDBAuditError.io(path: folder, message: "cannot create the output folder: \(error.localizedDescription)")
    }

    // 2. Verify (against the last run's checkpoints, when the run signs them).
    let previous = try signer.map { try previousCheckpoints(before: folder, signer: $0) } ?? [:]
    var verifyOptions = VerifyOptions(asOf: asOf)
    verifyOptions.checkpoints = previous.values.map(CheckpointEvidence.trusted)
    let verify = try Verifier(store: store, catalog: catalog).verify(verifyOptions)
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
      options.userPool = config.userPool
      reports.append(
        try ReportRunner(store: store, catalog: catalog, definition: definition).run(options))
    }
    let files = reports.reduce(0) { $0 + $1.outputs.count }
    log("reports: \(reports.count) reports, \(files) files (+ .sha256) in \(folder)")

    // 5. Sign each chained table's checkpoint, and the run's evidence.
    if let signer {
      try sign(store: store, catalog: catalog, verify: verify, previous: previous, folder: folder, signer: signer)
    }
    return NightlyOutcome(folder: folder, imports: imports, verify: verify, retention: retention, reports: reports)
  }

  /// The checkpoints of the newest earlier run (a dated folder before this one's), by table.
  func previousCheckpoints(before folder: String, signer: NoteSigner) throws -> [String: TrustedCheckpoint] {
    let today = (folder as NSString).lastPathComponent
    let days = ((try? FileManager.default.contentsOfDirectory(atPath: config.outputDir)) ?? [])
      .filter { $0.count == 10 && $0 < today && Timestamp.parseISO8601($0) != nil }.sorted()
    guard let last = days.last else { return [:] }
    let dir = (config.outputDir as NSString).appendingPathComponent("\(last)/checkpoints")
    var found: [String: TrustedCheckpoint] = [:]
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where name.hasSuffix(".ckpt") {
      let path = (dir as NSString).appendingPathComponent(name)
      switch try CheckpointFiles(path).load(trusted: [signer.verifier]) {
      case .trusted(let trusted): found[trusted.state.table] = trusted
      case .refused(_, _, let reason): throw DDBAuditError.badInput(path: path, line: nil, message: "the last run's checkpoint is not trusted: \(reason)")
      }
    }
    return found
  }

  /// Writes `folder/checkpoints/TABLE.ckpt` for every chained table (or the configured ones),
  /// each extending the last run's, then `folder/evidence.sig`.
  func sign(
    store: AuditStore, catalog: ProfileCatalog, verify: VerifyResult, previous: [String: TrustedCheckpoint], folder: String, signer: NoteSigner
  ) throws {
    let dir = (folder as NSString).appendingPathComponent("checkpoints")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let tables = config.checkpointTables ?? verify.tables.filter(\.chained).map(\.name)
    let writer = CheckpointWriter(store: store, catalog: catalog)
    for table in tables {
      let output = CheckpointFiles((dir as NSString).appendingPathComponent("\(table).ckpt"))
      let request = CheckpointWriter.Request(table: table, signer: signer, previous: previous[table], origin: nil, asOf: asOf, output: output)
      switch try writer.write(request) {
      case .written(_, let state, _, let appended, _):
        log("checkpoint: \(table) signed, size \(state.size) (\(appended) new), \(output.path)")
      case .refused:
        log("checkpoint: \(table) NOT signed: its state is not a consistent extension of the last checkpoint (see verify)")
      }
    }
    let listed = try EvidenceNote.write(folder: folder, runAt: asOf, signer: signer)
    log("evidence: \(listed) files listed in \((folder as NSString).appendingPathComponent(EvidenceNote.fileName)), signed by \(signer.name)")
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

extension NightlyJob {
  /// Imports the user pool snapshots of `folder` the store does not have yet, oldest first,
  /// each at the time its subfolder's name says.
  func importPoolSnapshots(_ folder: String, catalog: ProfileCatalog) throws {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") } } catch {
      throw DDBAuditError.io(path: folder, message: "cannot list the user pool snapshots: \(error.localizedDescription)")
    }
    var snapshots: [(time: Int64, path: String)] = []
    for name in names {
      guard let time = Timestamp.parseISO8601(name) else {
        throw DDBAuditError.badInput(
          path: (folder as NSString).appendingPathComponent(name), line: nil,
          message: "a user pool snapshot folder is named by when it was taken (2026-12-01 or 2026-12-01T02:00:00Z), not \"\(name)\"")
      }
      snapshots.append((time, (folder as NSString).appendingPathComponent(name)))
    }
    var added = 0
    for snapshot in snapshots.sorted(by: { $0.time < $1.time }) {
      var options = ImportOptions()
      options.snapshotTime = snapshot.time
      options.userPool = config.userPool
      let record = try AuditStore.writing(path: config.db) { store in
        try Importer(store: store, catalog: catalog, options: options).importPool([snapshot.path])
      }
      if !record.alreadyImported { added += 1 }
    }
    log("user pool: \(added) new \(added == 1 ? "snapshot" : "snapshots"), \(snapshots.count - added) already in the store")
  }
}
