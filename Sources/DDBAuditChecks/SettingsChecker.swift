import DDBAuditModel
/// Checks tables' settings against what retention and verification need: TTL enabled on
/// the profile's attribute, point-in-time recovery, an audit table's stream with both
/// images, encryption described, and deletion protection on audit tables.
package struct SettingsChecker: Sendable {
  package let catalog: ProfileCatalog
  package let policy: RetentionPolicyFile?

  package init(catalog: ProfileCatalog, policy: RetentionPolicyFile? = nil) {
    self.catalog = catalog
    self.policy = policy
  }

  /// Whether a profile describes an audit table: hash-chained, or kept for a minimum.
  static func isAudit(_ profile: TableProfile) -> Bool {
    profile.chain != nil || profile.retention.hasMinimum
  }

  package func check(_ all: [TableSettings], asOf: Int64) throws -> CheckReport {
    var findings: [Finding] = []
    var subjects: [CheckReport.Subject] = []
    var lines = ["settings as of \(Timestamp.iso8601(milliseconds: asOf))"]
    for settings in all {
      guard let base = catalog.profile(forTable: settings.table) else {
        throw DDBAuditError.usage(
          "no profile matches table \"\(settings.table)\" (from \(settings.files.joined(separator: ", "))); name files TABLE.ttl.json, "
            + "put them beside the table's describe-table output, or pass --table")
      }
      let profile = policy?.apply(to: base, table: settings.table) ?? base
      let audit = Self.isAudit(profile)
      var found: [Finding] = []
      func add(_ code: FindingCode, _ detail: String) { found.append(Finding(code, table: settings.table, detail: detail)) }
      var checked: [String] = []
      if let ttl = settings.ttl {
        checked.append("ttl")
        if let expected = profile.ttlAttribute {
          if ttl.status != "ENABLED" {
            add(.ttlNotEnabled, "TimeToLiveStatus is \(ttl.status), not ENABLED: items with a \"\(expected)\" are never deleted")
          } else if ttl.attribute != expected {
            add(.ttlWrongAttribute, "TTL is enabled on \"\(ttl.attribute ?? "")\", but the profile \(profile.name) keeps it in \"\(expected)\"")
          }
        }
      }
      if let pitr = settings.pointInTimeRecovery {
        checked.append("backups")
        if pitr.status != "ENABLED" {
          add(.pitrDisabled, "PointInTimeRecoveryStatus is \(pitr.status): the table cannot be restored to a point in time (Security Hub DynamoDB.2, CKV_AWS_28)")
        }
      }
      if let d = settings.described {
        checked.append("table")
        if audit {
          if !d.streamEnabled {
            add(.streamDisabled, "the audit table has no stream: changes and deletions are not captured between exports")
          } else if d.streamViewType != "NEW_AND_OLD_IMAGES" {
            add(.streamViewType, "the stream's view type is \(d.streamViewType ?? "(none)"), not NEW_AND_OLD_IMAGES: a change cannot be compared with what it replaced")
          }
          if !d.deletionProtection {
            add(.deletionProtectionOff, "DeletionProtectionEnabled is false: the audit table can be deleted in one call (Security Hub DynamoDB.6)")
          }
        }
        if d.sse == nil {
          add(.sseNotDescribed, "no SSEDescription: the table is encrypted with an AWS owned key at most, which no key policy or CloudTrail record covers")
        }
      }
      let missing = ["table", "ttl", "backups"].filter { !checked.contains($0) }
      lines.append(
        "  \(settings.table): profile \(profile.name), checked \(checked.joined(separator: ", "))"
          + (missing.isEmpty ? "" : "; not given: " + missing.map(Self.command).joined(separator: ", "))
          + ", findings \(found.count)")
      var details: [(String, JSONValue)] = [
        ("profile", .string(profile.name)), ("audit", .bool(audit)), ("files", .array(settings.files.map(JSONValue.string))),
        ("checked", .array(checked.map(JSONValue.string))), ("notChecked", .array(missing.map(JSONValue.string))),
      ]
      if let ttl = settings.ttl {
        details.append(("ttl", .object([("status", .string(ttl.status)), ("attribute", ttl.attribute.map(JSONValue.string) ?? .null)])))
      }
      if let p = settings.pointInTimeRecovery {
        details.append(
          (
            "pointInTimeRecovery",
            .object([
              ("status", .string(p.status)), ("earliestRestorable", p.earliest.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null),
              ("latestRestorable", p.latest.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null),
            ])
          ))
      }
      if let d = settings.described {
        details.append(
          (
            "table",
            .object([
              ("status", d.status.map(JSONValue.string) ?? .null),
              ("created", d.created.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null),
              ("itemCount", d.itemCount.map(JSONValue.int) ?? .null), ("streamEnabled", .bool(d.streamEnabled)),
              ("streamViewType", d.streamViewType.map(JSONValue.string) ?? .null),
              ("sse", d.sse.map { .object([("status", $0.status.map(JSONValue.string) ?? .null), ("type", $0.type.map(JSONValue.string) ?? .null)]) } ?? .null),
              ("deletionProtection", .bool(d.deletionProtection)),
            ])
          ))
      }
      subjects.append(CheckReport.Subject(name: settings.table, artifact: settings.files.first ?? "", details: details))
      findings += found
    }
    findings.sort(by: Finding.ordered)
    lines.insert("tables \(all.count), " + CheckReport.findingsText(findings), at: 1)
    let rows: [[Cell]] = findings.map { [.text($0.table), .text($0.code.rawValue), .text($0.severity.rawValue), .text($0.detail)] }
    return CheckReport(
      command: "settings", asOf: asOf,
      summary: [("tables", .int(Int64(all.count))), ("findings", .int(Int64(findings.count)))]
        + CheckReport.counts(findings, codes: FindingCode.settingsCodes),
      summaryLines: lines, subjects: subjects, rules: FindingCode.settingsCodes, findings: findings,
      evidenceColumns: ["table", "code", "severity", "detail"], evidenceRows: rows)
  }

  static func command(_ check: String) -> String {
    switch check {
    case "table": "describe-table"
    case "ttl": "describe-time-to-live"
    default: "describe-continuous-backups"
    }
  }
}
