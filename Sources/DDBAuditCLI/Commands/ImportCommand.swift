import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport

extension DDBAuditCommand {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import DynamoDB exports, scans, stream records and other dumps into the store.",
      discussion: """
        PATH is an export folder (…/AWSDynamoDB/<exportId>/), its manifest-summary.json, or any \
        folder above exports: every export below it, full or incremental, is imported, oldest \
        first. PATH may also be a file, whose format is detected from its first JSON value \
        (--input-format overrides; docs/formats.md):

          export       S3 full export (folder)
          incremental  S3 incremental export (folder; data in the shared AWSDynamoDB/data/)
          scan         aws dynamodb scan / query / get-item output, pages appended
          stream       stream records: a Lambda event, GetRecords output, Kinesis payloads
          pipeline     legacy Data Pipeline lines (s, n, bOOL …; also the Hive \\x03 form)
          jsonl        DynamoDB JSON items, one per line, with or without "Item", gzip or not
          cognito      a Cognito user pool snapshot: a folder with users.json (list-users \
        pages), groups.json (list-groups) and groups-for-user/USERNAME.json, or one such file

        scan, pipeline and jsonl files carry no table name: pass --table. They are taken as \
        the whole table at --snapshot-time (default: now), and identified by the SHA-256 of \
        their bytes, so importing the same file twice adds nothing. Incremental exports and \
        stream records change the state before them; a MODIFY, or a REMOVE that was not \
        DynamoDB's TTL, on an audit table is what `verify` reports. ION exports are refused.

        Every data file is checked against manifest-files.json (base64 MD5 of the .json.gz bytes, \
        and itemCount), the counts against manifest-summary.json, and the manifests against their \
        .md5 files. A mismatch refuses the import (exit 2) unless --allow-unverified.

        One run is one transaction: every export lands, or (on bad input, a checksum mismatch, \
        Ctrl-C or kill -9) the store is left exactly as it was; a store that did not exist \
        before is not left behind. Importing an export the store already has (same exportArn) \
        adds nothing and says so.

        TABLES WITHOUT A PROFILE
        A table no profile matches (docs/profiles.md) is imported as an ordinary mutable table \
        once its keys are known: from --describe (describe-table output: keys, GSIs; TTL from \
        --ttl-describe), --key PK[,SK], or the Keys of its stream or incremental records. The \
        learned profile is kept in the store, so later imports and commands need no flags. Its \
        changes between exports are counted (CHANGED, info), not reported as tampering.

        SHARDS
        --shard K/N keeps only the chains (for unchained tables, the partition keys) whose \
        SHA-256 falls in shard K of N (K from 0), so that N machines each import, verify and \
        check one part of a table into a store of their own; `ddbaudit merge` combines their \
        JSON results into the result of the whole (docs/scale.md). Every file is still read \
        and checked in full. A store holds one shard, or whole tables, never both.

        USER POOLS
        A Cognito snapshot (docs/access-review.md) is one state of the pool at --snapshot-time \
        (default: its newest UserLastModifiedDate or UserCreateDate). Snapshots are imported \
        oldest first; the store keeps every version of every user, so a disabled user or a \
        department change is visible over time. The pool id comes from --user-pool or the \
        groups files. `ddbaudit report access-review` joins it with the audit tables.

        EXAMPLES
          ddbaudit import Samples/exports
          ddbaudit import Samples/cognito/2026-11-20 --user-pool us-east-1_Ex4mpLe01
          ddbaudit import exports --shard "$JOB_COMPLETION_INDEX/8" --db shard.sqlite
          ddbaudit import exports/AWSDynamoDB/01795154400000-5c7751a4 --db audit.sqlite
          ddbaudit import orders-export/ --describe orders.describe-table.json
          ddbaudit import scan.json --table orders --key tenant_id,order_id
          ddbaudit import dump/ --skip-invalid --rejects rejected.jsonl

        \(ExitStatus.help(ExitStatus.reading))
        """)

    @Argument(help: ArgumentHelp("Export folders, manifest-summary.json files, or folders above them.", valueName: "path"))
    var paths: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("Use this table name instead of the one in the export's tableArn.", valueName: "name"))
    var table: String?

    @Option(name: .long, help: ArgumentHelp("Use this table profile instead of matching by table name.", valueName: "name"))
    var profile: String?

    @Option(name: .long, help: "The format of file PATHs, instead of detecting it: export, incremental, scan, stream, pipeline, jsonl or cognito.")
    var inputFormat: ImportFormat?

    @OptionGroup var shapeOptions: TableShapeOptions

    @Option(name: .long, help: ArgumentHelp("When a scan, pipeline or jsonl snapshot was taken (ISO 8601); default: now.", valueName: "time"))
    var snapshotTime: String?

    @Flag(name: .long, help: "Import even when checksums or counts do not match; the import is recorded as unverified.")
    var allowUnverified = false

    @Flag(name: .long, help: "Import the valid lines and write the invalid ones to --rejects instead of failing.")
    var skipInvalid = false

    @Option(name: .long, help: ArgumentHelp("With --skip-invalid: write rejected lines here, as JSON lines with their reasons.", valueName: "file"))
    var rejects: String?

    @Option(
      name: .long,
      help: ArgumentHelp("The longest line (one item's JSON) to read; DynamoDB items are at most 400 KB.", valueName: "bytes"))
    var maxLineBytes: Int = InputLimits().maxLineBytes

    @Option(
      name: .long,
      help: ArgumentHelp("How many times its size a gzip file may inflate to before it is refused as a bomb; 0: no limit.", valueName: "n"))
    var maxInflateRatio: Int = InputLimits().maxInflateRatio

    @Option(
      name: .long,
      help: ArgumentHelp("Keep only shard K of N (K from 0): the chains, or partition keys, that hash to it (docs/scale.md).", valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("The Cognito user pool a snapshot belongs to, when its files do not name it.", valueName: "id"))
    var userPool: String?

    @Option(name: .long, help: "Summary format on stdout: text or json (the input's format is --input-format).")
    var format: TextOrJSON = .text

    func validate() throws {
      if skipInvalid && rejects == nil { throw ValidationError("--skip-invalid needs --rejects FILE, so that no line is lost silently") }
      if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
      if !(1024...(1 << 30)).contains(maxLineBytes) { throw ValidationError("--max-line-bytes takes 1024 to 1073741824") }
      if !(0...1_000_000).contains(maxInflateRatio) { throw ValidationError("--max-inflate-ratio takes 0 to 1000000") }
      if let shard, Shard(shard) == nil {
        throw ValidationError("--shard \"\(shard)\" is not K/N with 0 ≤ K < N ≤ \(Shard.maximumCount), like 0/4")
      }
      if let snapshotTime, Timestamp.parseISO8601(snapshotTime) == nil {
        throw ValidationError("--snapshot-time \"\(snapshotTime)\" is not an ISO 8601 date or date-time with Z or an offset")
      }
    }

    func run() throws {
      console.configure()
      var options = ImportOptions()
      options.allowUnverified = allowUnverified
      options.skipInvalid = skipInvalid
      options.rejectsPath = rejects
      options.table = table
      options.profile = profile
      options.format = inputFormat
      options.shard = shard.flatMap(Shard.init)
      options.limits.maxLineBytes = maxLineBytes
      options.limits.maxInflateRatio = maxInflateRatio
      if shapeOptions.isGiven { options.shape = try shapeOptions.shape(table: table) }
      options.snapshotTime = snapshotTime.flatMap(Timestamp.parseISO8601)
      options.userPool = userPool
      if try Importer.holdsUserPool(paths, format: inputFormat) {
        try importPool(options)
        return
      }
      let catalog = try profileOptions.catalog()
      let started = Date()
      let progress = ProgressBar()
      let results = try AuditStore.writing(path: store.path) { audit in
        let importer = Importer(store: audit, catalog: catalog, options: options)
        importer.observer = progress
        return try importer.importPaths(paths)
      }
      let seconds = Date().timeIntervalSince(started)
      for result in results {
        for problem in result.problems { Console.current.warning("unverified: \(problem)") }
        if result.rejected > 0 { Console.current.warning("\(result.rejected) invalid lines of \(result.table) written to \(rejects ?? "")") }
      }
      switch format {
      case .json: try printJSON(results)
      case .text: printText(results, seconds: seconds)
      }
    }

    private func importPool(_ options: ImportOptions) throws {
      let record = try AuditStore.writing(path: store.path) { audit in
        try Importer(store: audit, catalog: try profileOptions.catalog(), options: options).importPool(paths)
      }
      switch format {
      case .json:
        try JSONOutput.print([
          "userPool": [
            "pool": record.pool, "identity": record.identity, "alreadyImported": record.alreadyImported, "users": record.users,
            "added": record.added, "changed": record.changed, "removed": record.removed,
            "snapshotTime": record.alreadyImported ? "" : Timestamp.iso8601(milliseconds: record.snapshotTime),
          ] as [String: Any]
        ])
      case .text:
        if record.alreadyImported {
          Console.current.print("already imported  user pool \(record.pool)  \(record.identity); nothing added")
        } else {
          Console.current.print(
            "imported  user pool \(record.pool)  snapshot \(Timestamp.iso8601(milliseconds: record.snapshotTime)): \(record.users) users "
              + "(\(record.added) new, \(record.changed) changed, \(record.removed) gone)  \(record.identity)")
        }
      }
    }

    private func printText(_ results: [ImportResult], seconds: Double) {
      for r in results {
        if r.alreadyImported {
          Console.current.print("already imported  \(r.table)  \(r.identity)  (\(r.items) items); nothing added")
          continue
        }
        let what = r.kind == .full ? "" : "\(r.kind.rawValue): "
        var line = "imported  \(r.table)  \(what)\(r.items) \(r.kind.holdsChanges ? "changes" : "items"), \(r.newVersions) new versions, \(r.files) files, "
        line += r.kind.hasManifest ? (r.verified ? "checksums verified" : "UNVERIFIED") : "content sha256"
        Console.current.print(line + (shard.map { " (shard \($0))" } ?? "") + "  \(r.identity)")
        if r.noncanonical > 0 { Console.current.print("  \(r.noncanonical) items have no canonical form (verify reports them as NONCANONICAL)") }
        if r.untimed > 0 { Console.current.print("  \(r.untimed) items have no readable record time") }
      }
      let total = results.filter { !$0.alreadyImported }.reduce(Int64(0)) { $0 + $1.items }
      if total > 0 {
        Console.current.note(String(format: "%lld items in %.2f s (%.0f items/s) into %@", total, seconds, Double(total) / max(seconds, 0.001), store.path))
      }
    }

    private func printJSON(_ results: [ImportResult]) throws {
      let objects: [[String: Any]] = results.map { r in
        [
          "source": r.source, "identity": r.identity, "kind": r.kind.rawValue, "table": r.table, "profile": r.profile,
          "alreadyImported": r.alreadyImported, "items": r.items, "newVersions": r.newVersions, "verified": r.verified,
          "problems": r.problems, "noncanonical": r.noncanonical, "untimed": r.untimed, "rejected": r.rejected, "files": r.files,
        ]
      }
      try JSONOutput.print(["imports": objects])
    }
  }
}

/// JSON on stdout: sorted keys, no escaped slashes, one trailing newline.
enum JSONOutput {
  static func print(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
    Console.current.standardOutput.write(Array(data) + [0x0A])
  }
}

extension ImportFormat: ExpressibleByArgument {}
