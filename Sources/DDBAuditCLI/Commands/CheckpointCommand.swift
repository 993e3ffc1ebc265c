import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditChecks
import DDBAuditCheckpoints

extension DDBAuditCommand {
  struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "checkpoint",
      abstract: "Sign a table's current state as the next checkpoint of its log.",
      discussion: """
        Verifies the table first: against --previous, when given, so that the new checkpoint \
        is only ever a consistent extension of it. When verify finds anything at or above \
        error (a head cut off, a chain rewritten, a record deleted early), nothing is signed: the \
        findings are printed and the exit code is 1. Otherwise the records that are new since \
        --previous (every record, for a first checkpoint) are appended to the table's Merkle \
        tree (RFC 9162) in chain-id then seq order, and three files are written atomically: \
        CKPT (a C2SP checkpoint, signed), CKPT.state.json (the chain state it signs: each \
        chain's first and head, the tree's right edge, TTL bounds) and CKPT.leaves (every leaf, \
        for proofs). docs/checkpoint.md describes them.

        \(ExitStatus.help(ExitStatus.checking, [.findings: "refused: the state is not a consistent extension of --previous, or not intact"]))

        EXAMPLES
          ddbaudit checkpoint --table audit_logs --key audit.key --output audit_logs.ckpt
          ddbaudit checkpoint --table audit_logs --key audit.key --previous last/audit_logs.ckpt --output audit_logs.ckpt
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var trust: TrustOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("The chained table to sign.", valueName: "name"))
    var table: String

    @Option(name: .long, help: ArgumentHelp("The private key file (from `key generate`).", valueName: "file"))
    var key: String

    @Option(name: .long, help: ArgumentHelp("The table's last checkpoint: the new one must extend it.", valueName: "ckpt"))
    var previous: String?

    @Option(name: .long, help: ArgumentHelp("The log's name on the checkpoint's first line (default: from the table's ARN).", valueName: "text"))
    var origin: String?

    @Option(name: .long, help: ArgumentHelp("Where to write the checkpoint (and FILE.state.json, FILE.leaves beside it).", valueName: "file"))
    var output: String

    func run() throws {
      console.configure()
      let signer = try KeyFile.signer(path: key)
      var previousCheckpoint: TrustedCheckpoint? = nil
      if let previous {
        switch try CheckpointFiles(previous).load(trusted: [signer.verifier] + trust.verifiers()) {
        case .trusted(let trusted): previousCheckpoint = trusted
        case .refused(_, _, let reason): throw DDBAuditError.badInput(path: previous, line: nil, message: "not trusted: \(reason)")
        }
      }
      let writer = CheckpointWriter(store: try store.open(readOnly: true), catalog: try profileOptions.catalog())
      let request = CheckpointWriter.Request(
        table: table, signer: signer, previous: previousCheckpoint, origin: origin, asOf: asOf.milliseconds, output: CheckpointFiles(output))
      switch try writer.write(request) {
      case .refused(let result):
        Console.current.error("not signed: the state of \(table) is not a consistent extension\(previous.map { " of \($0)" } ?? ""), or not intact")
        for line in result.report.textLines { Console.current.note(line) }
        throw ExitCode(1)
      case .written(let checkpoint, let state, _, let appended, let leaves):
        Console.current.print(checkpoint.text.split(separator: "\n").prefix(3).joined(separator: "  "))
        Console.current.note(
          "signed \(output) by \(signer.name) (\(signer.verifier.keyIDHex)): \(state.chains.count) chains, \(appended) new leaves, size \(state.size)"
            + (leaves ? "" : "; no leaves file (the previous one was not at hand), so proofs need an earlier checkpoint's"))
      }
    }
  }
}
