import DDBAuditModel
import DDBAuditStore

/// Checks every current item of every table against its retention policy: the TTL is
/// present, a Number of epoch seconds that DynamoDB will act on, and expires neither before
/// the policy's minimum nor after its maximum. See docs/retention.md.
package final class RetentionChecker {
  let store: AuditStore
  let catalog: ProfileCatalog

  package init(store: AuditStore, catalog: ProfileCatalog) {
    self.store = store
    self.catalog = catalog
  }

  /// The profile `table` is checked under: its own, with the policy file's overrides and a
  /// fixed `--retention-days` minimum.
  package static func profile(_ base: TableProfile, table: String, options: RetentionOptions) -> TableProfile {
    var profile = options.policy?.apply(to: base, table: table) ?? base
    if let days = options.retentionDays, profile.retention.hasMinimum {
      profile.retention.minimumDays = days
    }
    return profile
  }

  /// The rules for a stored table, or nil when it has no profile or no import.
  package func rules(for table: StoredTable, options: RetentionOptions) throws -> (RetentionRules, ImportPoint)? {
    guard let base = catalog.profile(for: table), let latest = try store.importPoints(table: table.id).current else {
      return nil
    }
    let profile = Self.profile(base, table: table.name, options: options)
    return (RetentionRules(profile: profile, asOf: options.asOf, seenAt: latest.seenAt), latest)
  }

  package func check(_ options: RetentionOptions) throws -> RetentionResult {
    try store.snapshot {
      var tables: [RetentionTable] = []
      var findings: [Finding] = []
      let stored = try store.storedTables()
      if let name = options.table, !stored.contains(where: { $0.name.utf8.elementsEqual(name.utf8) }) {
        throw DDBAuditError.nothingToCheck(path: store.path, message: "no table \"\(name)\" in the store; `ddbaudit tables` lists them")
      }
      for table in stored where options.table.map({ $0.utf8.elementsEqual(table.name.utf8) }) ?? true {
        guard let (rules, latest) = try rules(for: table, options: options) else { continue }
        var result = RetentionTable(name: table.name, profile: rules.profile, source: latest)
        try store.forEachItem(ItemSelection(tableID: table.id, latest: latest.id), attributes: rules.attributes) { row, values in
          result.items += 1
          let verdict = rules.judge(rules.subject(recordTime: row.recordTime, values: values))
          if let code = verdict.code { result.byCode[code, default: 0] += 1 }
          if verdict.keyProblem != nil { result.unhashedKeys += 1 }
          findings += rules.findings(verdict, table: table.name, key: rules.profile.key(pk: row.pk, sk: row.sk))
        }
        tables.append(result)
      }
      if tables.reduce(0, { $0 + $1.items }) == 0 {
        throw DDBAuditError.nothingToCheck(
          path: store.path,
          message: options.table.map { "table \"\($0)\" holds no items" } ?? "the store holds no items; import exports first (`ddbaudit import PATH`)")
      }
      findings.sort(by: Finding.ordered)
      return RetentionResult(asOf: options.asOf, tables: tables, findings: findings, shard: try store.shard())
    }
  }
}
