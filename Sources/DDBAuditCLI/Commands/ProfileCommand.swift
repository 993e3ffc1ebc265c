import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles

extension DDBAuditCommand {
  /// `ddbaudit profile`: the table profiles ddbaudit knows, and a starting point for a new one.
  struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List table profiles, or write a new one from describe-table output.",
      discussion: """
        A profile tells ddbaudit a table's keys, record time, TTL, hash chain, indexes and \
        retention (docs/profiles.md). Tables no profile describes still import: ddbaudit learns \
        their keys from --describe, --key or their records' Keys; `profile init` writes a \
        profile to edit instead, for a table that is hash-chained or must keep its records.

        EXAMPLES
          ddbaudit profile list
          aws dynamodb describe-table --table-name orders > orders.json
          ddbaudit profile init --describe orders.json --chained --minimum-years 7 --output profiles.json
          ddbaudit import exports/orders --profiles profiles.json
        """,
      subcommands: [List.self, Init.self])
  }
}

extension DDBAuditCommand.Profile {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the profiles in force: the built-in ones and those of --profiles.",
      discussion: ExitStatus.help([.success, .failure, .usage]))

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() throws {
      console.configure()
      let profiles = try profileOptions.catalog().profiles
      let output = try OutputTarget(path: nil, standardOutput: Console.current.standardOutput)
      switch format {
      case .json: try output.write(JSONValue.object([("profiles", .array(profiles.map(\.summaryJSON)))]).bytes(pretty: true) + [0x0A])
      case .text:
        for (n, p) in profiles.enumerated() {
          let time: String
          switch p.time {
          case .sortKeyPrefix: time = "the sort key's prefix (before #)"
          case .attribute(let name): time = name
          case .none: time = "-"
          }
          let indexes = p.indexes.map { name in p.indexAliases?[name].map { "\(name) (or \($0))" } ?? name }
          let rows: [(String, String)] = [
            ("matches", p.match.joined(separator: ", ")), ("keys", p.sortKey.map { "\(p.partitionKey), \($0)" } ?? p.partitionKey),
            ("time", time), ("ttl", p.ttlAttribute ?? "-"), ("retention", p.retention.summary),
            ("indexes", indexes.isEmpty ? "-" : indexes.joined(separator: ", ")), ("chained", p.chain == nil ? "no" : "yes"),
            ("mutable", p.everyAttributeMutable ? "every attribute" : p.mutableAttributes.isEmpty ? "-" : p.mutableAttributes.joined(separator: ", ")),
          ]
          try output.write((n == 0 ? "" : "\n") + p.name + "\n")
          for (label, value) in rows { try output.write("  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + value + "\n") }
        }
      }
      try output.commit()
    }
  }

  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a profiles file for one table, from describe-table output or its keys.",
      discussion: """
        Writes {"profiles": [ … ]} with the table's keys and GSI attributes (at most two are \
        indexed), its TTL attribute when --ttl-describe says TTL is enabled, and the retention \
        and chain settings given here. Edit it, then pass it to every command with --profiles \
        FILE (or $DDBAUDIT_PROFILES). Every field: docs/profiles.md.

        EXAMPLES
          ddbaudit profile init --describe orders.json --ttl-describe orders.ttl.json
          ddbaudit profile init --key tenant_id,at#id --table orders-audit --chained --minimum-years 7

        \(ExitStatus.help([.success, .failure, .usage]))
        """)

    @OptionGroup var shapeOptions: TableShapeOptions

    @Option(name: .long, help: ArgumentHelp("The table (default: the one --describe names).", valueName: "name"))
    var table: String?

    @Option(name: .long, help: ArgumentHelp("The profile's name (default: the table's).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "The table's records are hash-chained (seq, prevHash, hash; docs/chain.md).")
    var chained = false

    @Option(name: .long, help: ArgumentHelp("Attributes that may change between exports, comma-separated.", valueName: "a,b"))
    var mutable: String?

    @Option(name: .long, help: ArgumentHelp("Records must be kept this many calendar years (sets ttlRequired).", valueName: "n"))
    var minimumYears: Int?

    @Option(name: .long, help: ArgumentHelp("Records may be kept at most this many days after their record time.", valueName: "n"))
    var maximumDays: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var console: ConsoleOptions

    func validate() throws {
      if !shapeOptions.isGiven { throw ValidationError("give --describe FILE or --key PK[,SK]") }
      if shapeOptions.key != nil && table == nil { throw ValidationError("--key needs --table NAME") }
      if let minimumYears, !(1...100).contains(minimumYears) { throw ValidationError("--minimum-years takes 1 to 100") }
      if let maximumDays, !(1...36_500).contains(maximumDays) { throw ValidationError("--maximum-days takes 1 to 36500") }
    }

    func run() throws {
      console.configure()
      let shape = try shapeOptions.shape(table: table)
      guard let tableName = table ?? shape.table else { throw DDBAuditError.usage("name the table with --table") }
      var profile = TableProfile.learned(table: tableName, shape: shape)
      profile.name = name ?? tableName
      if chained { profile.chain = TableProfile.ChainAttributes() }
      profile.mutableAttributes = mutable.map { $0.split(separator: ",").map(String.init) } ?? []
      profile.retention.minimumYears = minimumYears
      profile.retention.ttlRequired = minimumYears != nil || maximumDays != nil
      profile.retention.maximumSeconds = maximumDays.map { Int64($0) * 86_400 }
      let target = try output.target()
      try target.write(JSONValue.object([("profiles", .array([profile.profilesFileJSON]))]).bytes(pretty: true) + [0x0A])
      try target.commit()
      if let path = output.output, path != "-" { Console.current.note("profile \(profile.name) written to \(path); pass it with --profiles \(path)") }
    }
  }
}

