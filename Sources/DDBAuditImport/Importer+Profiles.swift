import Foundation
import DDBAuditModel

extension Importer {
  /// The profile `table` is imported under, the first that applies:
  /// 1. `--profile NAME`;
  /// 2. a profile matching the table's name (built in, or from `--profiles`), whose keys must
  ///    agree with `--describe` / `--key` when given;
  /// 3. `--describe` or `--key`: a profile learned from them;
  /// 4. the profile learned for the table at an earlier import;
  /// 5. the `Keys` of the input's records (stream records, incremental exports).
  ///
  /// A learned profile must keep the keys the store already holds the table under.
  func resolveProfile(table: String, recordKeys: TableShape?, input: String) throws -> TableProfile {
    if let name = options.profile { return try catalog.resolve(table: table, profileName: name) }
    let shape = options.shape
    if let shape, let described = shape.table, described != table {
      throw DDBAuditError.usage("\(shape.source) describes table \"\(described)\", but \(input) is of table \"\(table)\"")
    }
    if let profile = catalog.profile(forTable: table) {
      if let shape, !shape.sameKeys(as: profile.shape) {
        throw DDBAuditError.usage(
          "table \"\(table)\" matches profile \(profile.name), whose keys are \(profile.shape.keyText), but \(shape.source) says \(shape.keyText); pass --profile NAME, or describe the table in a profiles file")
      }
      return profile
    }
    let stored = try store.storedTables().first { $0.name.utf8.elementsEqual(table.utf8) }?.learnedProfile
    guard let learned = shape ?? stored?.shape.with(indexesOf: stored) ?? recordKeys else {
      throw DDBAuditError.usage(
        "\(input): no profile matches table \"\(table)\". Say what its keys are: --describe FILE (the output of `aws dynamodb describe-table`), --key PARTITION_KEY[,SORT_KEY], or --profile NAME; or write a profile (`ddbaudit profile init --describe FILE`, docs/profiles.md)")
    }
    if let stored, !learned.sameKeys(as: stored.shape) {
      throw DDBAuditError.usage(
        "table \"\(table)\" is in the store with the keys \(stored.shape.keyText), but \(learned.source) says \(learned.keyText)")
    }
    if let recordKeys, Set([learned.partitionKey, learned.sortKey]) != Set([recordKeys.partitionKey, recordKeys.sortKey]) {
      throw DDBAuditError.badInput(
        path: input, line: nil, message: "\(recordKeys.source) names \(recordKeys.keyText), but \(learned.source) says \(learned.keyText)")
    }
    return TableProfile.learned(table: table, shape: learned)
  }
}

extension TableShape {
  /// This shape with the indexes and TTL attribute of a stored learned profile.
  fileprivate func with(indexesOf profile: TableProfile?) -> TableShape {
    var shape = self
    shape.indexes = profile?.indexes ?? []
    shape.ttlAttribute = profile?.ttlAttribute
    return shape
  }
}
