import ArgumentParser
import DDBAuditModel
import DDBAuditFiles

/// `--describe`, `--ttl-describe` and `--key`: the shape of a table no profile describes, for
/// `import` and `profile init`.
struct TableShapeOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("A table no profile describes: `aws dynamodb describe-table` output giving its keys and GSIs.", valueName: "file"))
  var describe: String?

  @Option(name: .long, help: ArgumentHelp("With --describe: `aws dynamodb describe-time-to-live` output giving the TTL attribute.", valueName: "file"))
  var ttlDescribe: String?

  @Option(name: .long, help: ArgumentHelp("Instead of --describe: the partition key, and the sort key if any.", valueName: "pk[,sk]"))
  var key: String?

  var isGiven: Bool { describe != nil || key != nil }

  func validate() throws {
    if describe != nil && key != nil { throw ValidationError("give --describe or --key, not both") }
    if ttlDescribe != nil && describe == nil { throw ValidationError("--ttl-describe goes with --describe") }
    if let key, TableShape.keys(key) == nil { throw ValidationError("--key \"\(key)\" is not PARTITION_KEY or PARTITION_KEY,SORT_KEY") }
  }

  /// The shape the flags give; `table` is `--table`, which a describe-table output must name.
  func shape(table: String?) throws -> TableShape {
    if let key, let shape = TableShape.keys(key) { return shape }
    guard let describe else { throw DDBAuditError.usage("give --describe FILE or --key PK[,SK]") }
    let described = try SettingsReader.read(paths: [describe], table: table)
    guard described.count == 1, var settings = described.first else {
      throw DDBAuditError.badInput(path: describe, line: nil, message: "describes \(described.count) tables; give one describe-table output")
    }
    if let ttlDescribe {
      // describe-time-to-live names no table: it belongs to the one describe-table names.
      settings = try SettingsReader.read(paths: [describe, ttlDescribe], table: settings.table)[0]
    }
    return try TableShape.described(by: settings)
  }
}
