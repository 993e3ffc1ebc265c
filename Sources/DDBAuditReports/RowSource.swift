import Crypto
import Foundation
import DDBAuditModel
import DDBAuditStore
import DDBAuditChecks

/// The rows a report reads: the current items of its tables (with their retention verdicts
/// for a `retention` report), or verify's chains.
struct RowSource {
  struct Row {
    var table: String
    var key: ItemKey?
    var cells: [Cell]
    var rendered: Bool
    /// Findings about the row's item itself (its retention verdict).
    var findings: [Finding] = []
  }

  let definition: ReportDefinition
  let store: AuditStore
  let period: Period
  let evaluator: ColumnEvaluator
  let tables: [(table: StoredTable, latest: ImportPoint, profile: TableProfile)]
  private(set) var sources: [ReportTableSource] = []
  private(set) var imported: Int64 = 0
  /// Findings that come with the source (verify's).
  private(set) var findings: [Finding] = []
  private var verifyResult: VerifyResult? = nil
  private var review: AccessReviewResult? = nil
  /// For a `retention` report: each table's rules.
  private var retentionRules: [String: RetentionRules] = [:]
  private let columnIndex: [String: Int]

  init(
    store: AuditStore, catalog: ProfileCatalog, definition: ReportDefinition, period: Period, asOf: Int64,
    retention: RetentionOptions, userPool: String? = nil
  ) throws {
    self.store = store
    self.definition = definition
    self.period = period
    evaluator = ColumnEvaluator(columns: definition.columns, asOf: asOf)
    columnIndex = Dictionary(uniqueKeysWithValues: definition.columns.enumerated().map { ($1.name, $0) })
    var tables: [(StoredTable, ImportPoint, TableProfile)] = []
    for table in try store.storedTables() where definition.profiles.contains(table.profile) || definition.profiles.contains(table.name) {
      guard let latest = try store.importPoints(table: table.id).current, let profile = catalog.profile(for: table) else {
        continue
      }
      tables.append((table, latest, profile))
      sources.append(
        ReportTableSource(
          table: table.name, profile: profile.name, identity: latest.identity, kind: latest.kind, time: latest.seenAt,
          verified: latest.verified, items: try store.itemCount(latest: latest.id)))
    }
    self.tables = tables
    switch definition.source {
    case .items:
      imported = sources.reduce(0) { $0 + $1.items }
    case .retention:
      // The findings come with the rows (Row.findings), judged once each.
      imported = sources.reduce(0) { $0 + $1.items }
      let checker = RetentionChecker(store: store, catalog: catalog)
      for (table, _, _) in tables {
        guard let (rules, _) = try checker.rules(for: table, options: retention) else { continue }
        retentionRules[table.name] = rules
      }
    case .accessReview:
      let pool = try Self.pool(store, userPool)
      let subjects = tables.map { AccessReviewer.Subject(table: $0.0, latest: $0.1, profile: $0.2) }
      let result = try AccessReviewer(store: store, rules: definition.review ?? AccessReviewRules(), pool: pool.pool)
        .review(subjects, period: period, asOf: asOf)
      review = result
      findings = result.findings
      imported = Int64(result.users.count)
      sources.append(
        ReportTableSource(
          table: pool.pool, profile: "cognito", identity: pool.identity, kind: .userPool, time: pool.time, verified: true,
          items: pool.users))
    case .verify:
      let result = try Verifier(store: store, catalog: catalog).verify(VerifyOptions(asOf: asOf))
      let names = Set(tables.map(\.0.name))
      verifyResult = result
      findings = result.findings.filter { names.contains($0.table) }
      imported = Int64(result.chains.filter { names.contains($0.table) }.count)
    }
  }

  /// The pool an access review reads: `--user-pool`, or the store's only one; its newest
  /// snapshot names it among the report's sources.
  static func pool(_ store: AuditStore, _ wanted: String?) throws -> PoolSnapshot {
    let snapshots = try store.poolSnapshots()
    let pools = Array(Set(snapshots.map(\.pool))).sorted()
    if let wanted {
      guard let newest = snapshots.last(where: { $0.pool.utf8.elementsEqual(wanted.utf8) }) else {
        throw DDBAuditError.nothingToCheck(
          path: store.path, message: "no snapshot of user pool \(wanted) in the store (it has: \(pools.isEmpty ? "none" : pools.joined(separator: ", ")))")
      }
      return newest
    }
    guard let only = pools.first else {
      throw DDBAuditError.nothingToCheck(
        path: store.path, message: "no user pool in the store; import one first: ddbaudit import users.json --user-pool ID (docs/access-review.md)")
    }
    guard pools.count == 1 else { throw DDBAuditError.usage("the store holds user pools \(pools.joined(separator: ", ")); pass --user-pool ID") }
    return snapshots.last { $0.pool == only }!
  }

  /// Items of the tables outside the period, counted directly (not by subtraction).
  func outOfPeriod() throws -> Int64 {
    guard definition.source != .verify, definition.source != .accessReview, period != .all else { return 0 }
    var total: Int64 = 0
    for (table, latest, _) in tables {
      var outside = ItemSelection(tableID: table.id, latest: latest.id, from: period.from, to: period.to)
      outside.outside = true
      total += try store.countItems(outside)
    }
    return total
  }

  func forEachRow(_ body: (Row) throws -> Void) throws {
    if let review {
      for user in review.users {
        let key = ItemKey(partitionKey: "Username", pk: user.name, sortKey: nil, sk: nil)
        var context = ColumnEvaluator.Context(table: review.pool, key: key, recordTime: nil, ttl: nil)
        context.reviewed = user
        context.period = period
        let cells = evaluator.cells(item: nil, context: context)
        try body(Row(table: review.pool, key: key, cells: cells, rendered: rendered(cells)))
      }
      return
    }
    if let verifyResult {
      let names = Set(tables.map(\.0.name))
      for chain in verifyResult.chains where names.contains(chain.table) {
        let cells = evaluator.cells(item: nil, context: .init(table: chain.table, chain: chain))
        try body(Row(table: chain.table, key: nil, cells: cells, rendered: rendered(cells)))
      }
      return
    }
    for (table, latest, profile) in tables {
      let selection = ItemSelection(tableID: table.id, latest: latest.id, from: period.from, to: period.to)
      try store.forEachItem(selection) { stored in
        let key = profile.key(pk: stored.pk, sk: stored.sk)
        let item = try stored.item()
        var context = ColumnEvaluator.Context(table: table.name, key: key, recordTime: stored.recordTime, ttl: stored.ttl)
        var findings: [Finding] = []
        if let rules = retentionRules[table.name] {
          let verdict = rules.judge(rules.subject(item: item, recordTime: stored.recordTime))
          context.retention = verdict
          findings = rules.findings(verdict, table: table.name, key: key)
        }
        let cells = evaluator.cells(item: item, context: context)
        try body(Row(table: table.name, key: key, cells: cells, rendered: rendered(cells), findings: findings))
      }
    }
  }

  private func rendered(_ cells: [Cell]) -> Bool {
    definition.where.allSatisfy { $0.holds(cells[columnIndex[$0.column]!]) }
  }
}
