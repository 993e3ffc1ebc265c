import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditChecks
import DDBAuditCheckpoints
import DDBAuditFiles

extension DDBAuditCommand {
  /// Loads a checkpoint for a prover: trusted when --trusted-key is given, else refused.
  static func loadCheckpoint(_ path: String, trust: TrustOptions) throws -> TrustedCheckpoint {
    let keys = try trust.verifiers()
    guard !keys.isEmpty else { throw ValidationError("give --trusted-key: proofs are built only on checkpoints whose signature verifies") }
    switch try CheckpointFiles(path).load(trusted: keys) {
    case .trusted(let trusted): return trusted
    case .refused(_, _, let reason): throw DDBAuditError.badInput(path: path, line: nil, message: "not trusted: \(reason)")
    }
  }

  struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a self-contained proof that one record is in a signed checkpoint.",
      discussion: """
        The proof (JSON) holds the record's DynamoDB JSON, its leaf index, the audit path to the \
        tree's root (RFC 9162) and the signed checkpoint. Anyone can check it with \
        `ddbaudit verify-proof PROOF --trusted-key VKEY`, with no store and no export.

        --key-values takes the record's partition key value, then its sort key value (if the \
        table has one).

        \(ExitStatus.help(ExitStatus.reading, [.failure: "no such record, a record the checkpoint does not hold, or a missing leaves file"]))

        EXAMPLES
          ddbaudit prove --table audit_logs --key-values u-0001 '2026-11-03T08:12:44.120Z#log-000123' \\
            --checkpoint audit_logs.ckpt --trusted-key audit.vkey --output record.proof.json
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var trust: TrustOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("The record's table (it must be the checkpoint's).", valueName: "name"))
    var table: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("The record's partition key value, then sort key value.", valueName: "pk [sk]"))
    var keyValues: [String]

    @Option(name: .long, help: ArgumentHelp("The signed checkpoint to prove against.", valueName: "ckpt"))
    var checkpoint: String

    func validate() throws {
      guard (1...2).contains(keyValues.count) else { throw ValidationError("--key-values takes the partition key value and, if any, the sort key value") }
    }

    func run() throws {
      console.configure()
      let trusted = try DDBAuditCommand.loadCheckpoint(checkpoint, trust: trust)
      guard trusted.state.table.utf8.elementsEqual(table.utf8) else {
        throw ValidationError("\(checkpoint) is a checkpoint of table \"\(trusted.state.table)\", not \"\(table)\"")
      }
      let proof = try Prover().inclusion(
        store: try store.open(readOnly: true), catalog: try profileOptions.catalog(), pk: keyValues[0],
        sk: keyValues.count > 1 ? keyValues[1] : "", checkpoint: trusted)
      let target = try output.target()
      try target.write(proof.bytes(pretty: true) + [0x0A])
      try target.commit()
    }
  }

  struct ProveConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "prove-consistency",
      abstract: "Write a proof that a later checkpoint of a log extends an earlier one.",
      discussion: """
        The proof (JSON) holds both signed checkpoints and the RFC 9162 consistency proof between \
        their trees, built from --to's leaves file. `ddbaudit verify-proof` checks it with no \
        store: it shows that nothing the earlier checkpoint signed was changed or removed from the \
        log since, whatever expired from the table.

        \(ExitStatus.help(ExitStatus.reading, [.failure: "the later log does not extend the earlier one, or its leaves file is missing"]))

        EXAMPLES
          ddbaudit prove-consistency --from 2026-11-20.ckpt --to 2026-11-21.ckpt --trusted-key audit.vkey --output consistency.json
        """)

    @OptionGroup var trust: TrustOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("The earlier checkpoint.", valueName: "ckpt"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The later checkpoint (its leaves file is read).", valueName: "ckpt"))
    var to: String

    func run() throws {
      console.configure()
      let proof = try Prover().consistency(
        from: try DDBAuditCommand.loadCheckpoint(from, trust: trust), to: try DDBAuditCommand.loadCheckpoint(to, trust: trust))
      let target = try output.target()
      try target.write(proof.bytes(pretty: true) + [0x0A])
      try target.commit()
    }
  }

  struct VerifyProof: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify-proof",
      abstract: "Check an inclusion or consistency proof, or a run's signed evidence, with no store.",
      discussion: """
        Checks that the proof's checkpoints are signed by a --trusted-key, that the record hashes \
        to its own hash attribute (hash chain v1), and that the audit path or consistency path \
        leads exactly to the signed roots (RFC 9162 §2.1.3.2, §2.1.4.2: every element used, no \
        more). Prints what it checked; on failure, says what failed.

        Given the evidence.sig of a nightly run (signed when its config names a signingKey), \
        it checks the note's signature and the SHA-256 of every file it lists that is present \
        beside it: a report file handed to an auditor can be shown to come from that run.

        \(ExitStatus.help([.success, .findings, .failure, .usage], [.findings: "the proof does not hold (what failed is printed)", .failure: "the file cannot be read, or is not a proof"]))

        EXAMPLES
          ddbaudit verify-proof record.proof.json --trusted-key audit.vkey
          ddbaudit verify-proof reports/2026-11-21/evidence.sig --trusted-key audit.vkey
        """)

    @Argument(help: ArgumentHelp("The proof file.", valueName: "proof"))
    var proof: String

    @OptionGroup var trust: TrustOptions
    @OptionGroup var console: ConsoleOptions

    func run() throws {
      console.configure()
      let keys = try trust.verifiers()
      guard !keys.isEmpty else { throw ValidationError("give --trusted-key: a proof is only as good as the key that signed its checkpoint") }
      let bytes = Array(try InputFile.contents(proof))
      if EvidenceNote.looksLike(bytes) {
        let folder = (proof as NSString).deletingLastPathComponent
        let (lines, ok) = try EvidenceNote.verify(bytes, folder: folder.isEmpty ? "." : folder, trusted: keys)
        for line in lines { Console.current.print(line) }
        if !ok || lines.first?.hasPrefix("FAILED") == true { throw ExitCode(1) }
        return
      }
      let verified: Proofs.Verified
      do { verified = try Proofs.verify(bytes, trusted: keys) } catch {
        if error.malformed { throw DDBAuditError.badInput(path: proof, line: nil, message: error.description) }
        Console.current.print("FAILED  \(error.description)")
        throw ExitCode(1)
      }
      for fact in verified.facts { Console.current.print("ok  \(fact)") }
    }
  }
}
