import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditChecks

extension DDBAuditCommand {
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the JSON results of every shard into the result of the whole table.",
      discussion: """
        FILE is the --format json output of `verify` or `retention` over a store made by \
        `import --shard K/N`, one per shard, all N of them, in any order. The merged document \
        is the one a single machine would have written over the whole tables: the same counts, \
        the same tables, the same findings in the same order, byte for byte (docs/scale.md). \
        The shards must come from the same exports and the same --as-of; any difference is an \
        error that names the file.

        \(ExitStatus.help(ExitStatus.checking, [.failure: "a duplicated or contradicting shard result, or an unreadable file", .usage: "a usage mistake, or the results of some shards are missing"]))

        EXAMPLES
          ddbaudit verify --db shard-0.sqlite --format json --output verify-0.json --exit-zero
          ddbaudit merge verify-*.json --output verify.json
          ddbaudit merge retention-0.json retention-1.json --fail-on critical
        """)

    @Argument(help: ArgumentHelp("The JSON result of each shard.", valueName: "file"))
    var files: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var failOn: FailOnOptions
    @OptionGroup var console: ConsoleOptions

    func run() throws {
      console.configure()
      let parts = try files.map { path in
        let data = try InputFile.text(path)
        do throws(DynamoJSONError) {
          return ShardMerge.Part(path: path, document: try JSONValue.parse(Array(data)))
        } catch {
          throw DDBAuditError.badInput(path: path, line: nil, message: "not JSON: \(error.message)")
        }
      }
      let (document, findings) = try ShardMerge.merge(parts)
      let target = try output.target()
      try target.write(document.bytes(pretty: true) + [0x0A])
      try target.commit()
      if let path = output.output, path != "-" {
        Console.current.note("\(parts.count) shards merged: \(findings.count) findings written to \(path)")
      }
      try failOn.exit(for: findings)
    }
  }
}
