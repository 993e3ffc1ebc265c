import ArgumentParser
import DDBAuditModel
import DDBAuditFiles
import DDBAuditChecks

extension DDBAuditCommand {
  struct Retention: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check every item's TTL against its table's retention policy.",
      discussion: """
        Each current item of each table gets exactly one code, the first that applies:

          TTL_MISSING          error    no ttl attribute, and the policy requires one
          TTL_NOT_NUMBER       error    the ttl is not an N (DynamoDB ignores it)
          TTL_MILLISECONDS     error    ttl ≥ 1e11: milliseconds (or finer), never deleted
          TTL_NOT_EPOCH        error    ttl < 1e9, or before the record's own time: a duration
          TTL_NEVER_DELETED    error    ttl more than 5 years before --as-of (DynamoDB ignores it)
          TTL_ON_ACTIVE_KEY    error    an active API key has a ttl, so it will be deleted
          TTL_TOO_SHORT        error    expires before the policy minimum
          TTL_TOO_LONG         warning  beyond the policy maximum (data minimisation)
          EXPIRED_NOT_DELETED  info     past its ttl by more than the grace period, still exported
          OK                            none of the above

        API keys also get KEY_NOT_HASHED (critical) when the key material is not a SHA-256.

        POLICIES (docs/retention.md)
          audit_logs, ec2-audit-logs  ttl ≥ record time + 7 calendar years (UTC; 29 Feb → 1 Mar)
          events                      ttl required, ≤ record time + 30 days
          idempotency_keys            ttl required, ≤ record time + 24 h
          webhook_events              ttl required
          api_keys                    no ttl while active; otherwise ttl ≤ export time + 90 days
        --retention-days N replaces the 7 calendar years by N days; --policy FILE overrides any \
        rule per table.

        \(ExitStatus.help(ExitStatus.checking, [.failure: "no store, no items to check, an unreadable policy file, or a runtime error"]))

        EXAMPLES
          ddbaudit retention
          ddbaudit retention --table audit_logs --format json --output retention.json
          ddbaudit retention --format junit --output retention.xml --fail-on error
          ddbaudit retention --format sarif --exit-zero > retention.sarif
          ddbaudit retention --policy retention-policy.json --retention-days 2557
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var checkOutput: CheckOutputOptions
    @OptionGroup var failOn: FailOnOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("Check only this table.", valueName: "name"))
    var table: String?

    @Option(name: .long, help: ArgumentHelp("Audit tables must keep records this many days instead of 7 calendar years.", valueName: "days"))
    var retentionDays: Int?

    func validate() throws {
      if let retentionDays, !(1...RetentionOverrides.maximumDays).contains(retentionDays) {
        throw ValidationError("--retention-days takes 1 to \(RetentionOverrides.maximumDays)")
      }
    }

    func run() throws {
      console.configure()
      var options = RetentionOptions(table: table, asOf: asOf.milliseconds)
      options.policy = try policy.load()
      options.retentionDays = retentionDays
      let result = try RetentionChecker(store: try store.open(readOnly: true), catalog: try profileOptions.catalog()).check(options)
      try checkOutput.write(result.report, failOn: failOn.failOn)
      try failOn.exit(for: result.findings)
    }
  }

  struct Settings: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check tables' TTL, backup, stream, encryption and deletion-protection settings.",
      discussion: """
        FILE is the JSON output of `aws dynamodb describe-table`, `describe-time-to-live` or \
        `describe-continuous-backups` (AWS CLI v1 or v2), or a folder of such files. \
        describe-table names its table; the other two do not, so they belong to --table, else \
        to the describe-table output in the same folder, else to the table their file name \
        starts with (audit_logs.ttl.json). The store is not needed.

          TTL_NOT_ENABLED          error    TTL status is not ENABLED
          TTL_WRONG_ATTRIBUTE      error    TTL is on another attribute than the profile's
          PITR_DISABLED            error    point-in-time recovery is off
          STREAM_DISABLED          error    an audit table has no stream
          STREAM_VIEW_TYPE         error    an audit table's stream is not NEW_AND_OLD_IMAGES
          SSE_NOT_DESCRIBED        warning  no SSEDescription (AWS owned key at most)
          DELETION_PROTECTION_OFF  error    an audit table can be deleted

        \(ExitStatus.help([.success, .findings, .failure, .usage], [.failure: "an unreadable or unrecognised AWS CLI output file"]))

        EXAMPLES
          aws dynamodb describe-table --table-name audit_logs > settings/audit_logs/table.json
          aws dynamodb describe-time-to-live --table-name audit_logs > settings/audit_logs/ttl.json
          aws dynamodb describe-continuous-backups --table-name audit_logs > settings/audit_logs/backups.json
          ddbaudit settings settings/audit_logs
          ddbaudit settings Samples/settings/* --format junit --output settings.xml
        """)

    @Argument(help: ArgumentHelp("AWS CLI output files, or folders of them.", valueName: "file"))
    var files: [String]

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var checkOutput: CheckOutputOptions
    @OptionGroup var failOn: FailOnOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("The table every file describes.", valueName: "name"))
    var table: String?

    func run() throws {
      console.configure()
      let settings = try SettingsReader.read(paths: files, table: table)
      let checker = SettingsChecker(catalog: try profileOptions.catalog(), policy: try policy.load())
      let report = try checker.check(settings, asOf: asOf.milliseconds)
      try checkOutput.write(report, failOn: failOn.failOn)
      try failOn.exit(for: report.findings)
    }
  }
}
