import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles

extension DDBAuditCommand {
  struct Hash: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the hash chain v1 record hash (or canonical form) of each item.",
      discussion: """
        Reads one item per line in DynamoDB JSON, with or without the {"Item": …} wrapper, from \
        FILE or stdin, and prints one line per item: the lowercase hex SHA-256 of its canonical \
        form without the hash attribute (docs/chain.md). Producers use it to check their own \
        implementation against ddbaudit's.

        With --check, each item's stored hash is compared too: the line gets "ok" or "MISMATCH \
        stored <hash>", and the exit code is 1 when any line mismatches.

        EXAMPLES
          ddbaudit hash items.jsonl
          aws dynamodb get-item --table-name audit_logs --key file://key.json --output json | jq -c . | ddbaudit hash
          ddbaudit hash --canonical items.jsonl

        \(ExitStatus.help([.success, .findings, .failure, .usage], [.findings: "--check: an item's stored hash does not match its content", .failure: "a line that is not a DynamoDB JSON item, or one without a canonical form"]))
        """)

    @Argument(help: ArgumentHelp("A file of item lines; - or nothing reads stdin.", valueName: "file"))
    var file: String?

    @Flag(name: .long, help: "Print the canonical form instead of the hash.")
    var canonical = false

    @Flag(name: .long, help: "Compare each item's hash attribute with the recomputed hash.")
    var check = false

    @Option(name: .long, help: ArgumentHelp("The hash attribute, left out of the canonical form.", valueName: "name"))
    var hashAttribute = "hash"

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
      if canonical && check { throw ValidationError("--canonical and --check do not go together") }
    }

    func run() throws {
      console.configure()
      let path = file ?? "-"
      let output = try OutputTarget(path: nil, standardOutput: Console.current.standardOutput)
      let excluded = [Array(hashAttribute.utf8)]
      var mismatches = 0
      try ItemLineFile.forEachItem(path: path) { item, number in
        let bytes: [UInt8]
        do throws(NoncanonicalReason) { bytes = try CanonicalForm.bytes(of: item, excluding: excluded) } catch {
          throw DDBAuditError.badInput(path: ItemLineFile.label(path), line: number, message: "NONCANONICAL: \(error.message)")
        }
        if canonical { return try output.write(bytes + [0x0A]) }
        let hash = RecordHash.sha256Hex(bytes)
        guard check else { return try output.write(hash + "\n") }
        let stored = item[hashAttribute]?.stringValue
        if stored == hash {
          try output.write("\(hash) ok\n")
        } else {
          mismatches += 1
          try output.write("\(hash) MISMATCH stored \(stored ?? "(none)")\n")
        }
      }
      try output.commit()
      if mismatches > 0 {
        Console.current.warning("\(mismatches) items carry a hash that does not match their content")
        throw ExitCode(1)
      }
    }
  }
}
