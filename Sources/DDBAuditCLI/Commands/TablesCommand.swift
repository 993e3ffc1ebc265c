import ArgumentParser
import Foundation
import DDBAuditModel

extension DDBAuditCommand {
  struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the tables in the store, their item counts and imports, and its user pool snapshots.",
      discussion: """
        Items counts distinct item keys; versions counts every distinct version kept, so \
        versions > items means some items changed between exports. Cognito user pools \
        (docs/access-review.md) follow, each snapshot with its time and number of users.

        EXAMPLES
          ddbaudit tables
          ddbaudit tables --format json | jq '.tables[].name'

        \(ExitStatus.help([.success, .failure, .usage], [.failure: "no store at --db, or it cannot be read"]))
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() throws {
      console.configure()
      let audit = try store.open(readOnly: true)
      let tables = try audit.listTables()
      let snapshots = try audit.poolSnapshots()
      switch format {
      case .json:
        try JSONOutput.print([
          "userPools": Dictionary(grouping: snapshots, by: \.pool).sorted { $0.key < $1.key }.map { pool, snapshots in
            [
              "pool": pool,
              "snapshots": snapshots.map { s in
                ["identity": s.identity, "snapshotTime": Timestamp.iso8601(milliseconds: s.time), "users": s.users] as [String: Any]
              },
            ] as [String: Any]
          },
          "tables": tables.map { t in
            [
              "name": t.name, "profile": t.profile, "items": t.items, "versions": t.versions,
              "imports": t.imports.map { i in
                [
                  "exportArn": i.identity, "kind": i.kind.rawValue, "items": i.itemCount, "verified": i.verified,
                  "exportTime": i.exportTime.map { Timestamp.iso8601(milliseconds: $0) } ?? NSNull(),
                ] as [String: Any]
              },
            ] as [String: Any]
          }
        ])
      case .text:
        defer {
          for s in snapshots {
            Console.current.print("user pool \(s.pool)  snapshot \(Timestamp.iso8601(milliseconds: s.time))  \(s.users) users  \(s.identity)")
          }
        }
        if tables.isEmpty && snapshots.isEmpty {
          Console.current.note("the store holds no tables yet; run `ddbaudit import PATH`")
          return
        }
        guard !tables.isEmpty else { return }
        let nameWidth = max(5, tables.map(\.name.count).max() ?? 0)
        let profileWidth = max(16, tables.map(\.profile.count).max() ?? 0)
        Console.current.print(
          "TABLE".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            + "PROFILE".padding(toLength: profileWidth, withPad: " ", startingAt: 0) + "  ITEMS  VERSIONS  IMPORTS")
        for t in tables {
          Console.current.print(
            t.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
              + t.profile.padding(toLength: profileWidth, withPad: " ", startingAt: 0)
              + String(format: "%7lld  %8lld  %7d", t.items, t.versions, t.imports.count))
          for i in t.imports {
            let time = i.exportTime.map { Timestamp.iso8601(milliseconds: $0) } ?? "-"
            let changes = i.kind.holdsChanges
            let checked = i.kind.hasManifest ? (i.verified ? "verified" : "UNVERIFIED") : "by content"
            Console.current.print(
              "  " + i.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                + "  \(time)  \(i.itemCount) \(changes ? "changes" : "items")  \(checked)  \(i.identity)")
          }
        }
      }
    }
  }
}
