import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditChecks
import DDBAuditCheckpoints

extension DDBAuditCommand {
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Verify hash chains and compare each table's latest export with earlier ones.",
      discussion: """
        For every chained table (audit_logs, ec2-audit-logs, …) every chain is checked against \
        hash chain v1 (docs/chain.md): each record's hash, its link to the previous record, gaps, \
        forks and order. The current state of each table (its most recent import) is then compared with every earlier \
        import: a record changed since (MODIFIED, even when its hash was recomputed), deleted while \
        its ttl was still in the future (MISSING), or first seen with a time at which an earlier \
        export should already have held it (BACKDATED). Records gone after their ttl passed are \
        EXPIRED (info), and are the evidence that a chain's cut-off start is TRUNCATED_BY_RETENTION \
        rather than UNANCHORED_HEAD. Tables without chains are compared on the attributes their \
        profile does not declare mutable.

        With --checkpoint (docs/checkpoint.md), the store may hold only the new export: every \
        chain the signed checkpoint recorded must still reach its head with the same hash \
        (else TRUNCATED_TAIL, or MODIFIED at the first record rewritten), and whatever left its \
        start must be shown expired by the TTL bounds the checkpoint signed (else MISSING). A \
        checkpoint no --trusted-key verifies is BAD_SIGNATURE and not used.

        Every finding is reported; verify never stops at the first one.

        SEVERITIES
          critical  MODIFIED BROKEN_LINK MISSING FORK TRUNCATED_TAIL BACKDATED BAD_SIGNATURE
          error     UNCHAINED NONCANONICAL FUTURE_EVIDENCE
          warning   REORDERED UNANCHORED_HEAD
          info      TRUNCATED_BY_RETENTION EXPIRED CHANGED

        \(ExitStatus.help(ExitStatus.checking, [.failure: "no store, no items to check (an empty store, a --table with no items), or a runtime error"]))

        EXAMPLES
          ddbaudit verify
          ddbaudit verify --table audit_logs --format json --output verify.json
          ddbaudit verify --fail-on warning --as-of 2026-11-21T06:00:00Z
          ddbaudit verify --format xlsx --output verify.xlsx
          ddbaudit verify --format sarif --output verify.sarif
          ddbaudit verify --checkpoint last/audit_logs.ckpt --trusted-key audit.vkey
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var checkOutput: CheckOutputOptions
    @OptionGroup var failOn: FailOnOptions
    @OptionGroup var console: ConsoleOptions
    @OptionGroup var trust: TrustOptions

    @Option(
      name: .long,
      help: ArgumentHelp(
        "A signed checkpoint (from `ddbaudit checkpoint`) to verify against: every chain it records must still reach its head, or be shown expired. Repeatable; needs --trusted-key.",
        valueName: "ckpt"))
    var checkpoint: [String] = []

    @Option(name: .long, help: ArgumentHelp("Verify only this table.", valueName: "name"))
    var table: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "How much older than the previous export's time a new record may be before it is BACKDATED (allows for writes in flight during the export).",
        valueName: "span"))
    var backdateTolerance: String = "1h"

    func validate() throws {
      if !checkpoint.isEmpty && trust.trustedKey.isEmpty {
        throw ValidationError("--checkpoint needs --trusted-key: a checkpoint is evidence only under a key you trust")
      }
      if TimeSpan.milliseconds(backdateTolerance) == nil {
        throw ValidationError("--backdate-tolerance \"\(backdateTolerance)\" is not a span like 30m, 1h or 2d")
      }
    }

    func run() throws {
      console.configure()
      var options = VerifyOptions(table: table, asOf: asOf.milliseconds)
      options.backdateTolerance = TimeSpan.milliseconds(backdateTolerance)!
      let keys = try trust.verifiers()
      options.checkpoints = try checkpoint.map { try CheckpointFiles($0).load(trusted: keys) }
      let result = try Verifier(store: try store.open(readOnly: true), catalog: try profileOptions.catalog()).verify(options)
      try checkOutput.write(result.report, failOn: failOn.failOn)
      try failOn.exit(for: result.findings)
    }
  }
}
