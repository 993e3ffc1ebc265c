import Foundation
import DDBAuditModel

/// Reads AWS CLI output files and groups them by table.
package enum SettingsReader {
  /// Which command produced a file.
  enum Kind { case describeTable, timeToLive, continuousBackups }

  /// Reads `paths` (files, or folders of `.json` files). A describe-table output names its
  /// table; other files belong to `table` when given, else to the describe-table in the same
  /// folder, else to the table their file name starts with (`audit_logs.ttl.json`).
  package static func read(paths: [String], table: String?) throws -> [TableSettings] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw DDBAuditError.io(path: path, message: "no such file or folder")
      }
      if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        files += names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
      } else {
        files.append(path)
      }
    }
    var parsed: [(path: String, kind: Kind, body: [String: Any])] = []
    for path in files { parsed.append(try parse(path)) }
    // A folder holding one describe-table output names the table of its other files.
    var folderTables: [String: [String]] = [:]
    for p in parsed where p.kind == .describeTable {
      folderTables[(p.path as NSString).deletingLastPathComponent, default: []].append(try tableName(p.body, p.path))
    }
    var byTable: [String: TableSettings] = [:]
    var order: [String] = []
    for p in parsed {
      let name: String
      if p.kind == .describeTable {
        name = try tableName(p.body, p.path)
        if let table, name != table {
          throw DDBAuditError.badInput(path: p.path, line: nil, message: "describes table \"\(name)\", not --table \"\(table)\"")
        }
      } else if let table {
        name = table
      } else if let names = folderTables[(p.path as NSString).deletingLastPathComponent], Set(names).count == 1 {
        name = names[0]
      } else {
        name = String((p.path as NSString).lastPathComponent.split(separator: ".", maxSplits: 1).first ?? "")
      }
      if byTable[name] == nil { order.append(name) }
      var settings = byTable[name] ?? TableSettings(table: name)
      settings.files.append(p.path)
      try apply(p.kind, p.body, p.path, to: &settings)
      byTable[name] = settings
    }
    return order.sorted { UTF16Order.less(Array($0.utf8), Array($1.utf8)) }.map { byTable[$0]! }
  }

  static func parse(_ path: String) throws -> (path: String, kind: Kind, body: [String: Any]) {
    let data = try InputFile.text(path)
    if let syntax = jsonSyntaxProblem(data) { throw DDBAuditError.badInput(path: path, line: syntax.line, message: syntax.message) }
    guard let object = try? JSONSerialization.jsonObject(with: data) else {
      throw DDBAuditError.badInput(path: path, line: nil, message: "not JSON")
    }
    guard let top = object as? [String: Any] else {
      throw DDBAuditError.badInput(path: path, line: nil, message: "expected a JSON object from the AWS CLI")
    }
    if let body = top["Table"] as? [String: Any] { return (path, .describeTable, body) }
    if let body = top["TimeToLiveDescription"] as? [String: Any] { return (path, .timeToLive, body) }
    if let body = top["ContinuousBackupsDescription"] as? [String: Any] { return (path, .continuousBackups, body) }
    throw DDBAuditError.badInput(
      path: path, line: nil,
      message: "not the output of describe-table, describe-time-to-live or describe-continuous-backups "
        + "(expected a top-level \"Table\", \"TimeToLiveDescription\" or \"ContinuousBackupsDescription\"; found \(top.keys.sorted().joined(separator: ", ")))")
  }

  static func tableName(_ body: [String: Any], _ path: String) throws -> String {
    guard let name = body["TableName"] as? String, !name.isEmpty else {
      throw DDBAuditError.badInput(path: path, line: nil, message: "\"Table\" has no \"TableName\"")
    }
    return name
  }

  static func apply(_ kind: Kind, _ body: [String: Any], _ path: String, to settings: inout TableSettings) throws {
    func string(_ object: [String: Any], _ key: String, required: Bool = false) throws -> String? {
      guard let value = object[key] else {
        if required { throw DDBAuditError.badInput(path: path, line: nil, message: "no \"\(key)\"") }
        return nil
      }
      guard let text = value as? String else {
        throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" is not a string")
      }
      return text
    }
    switch kind {
    case .describeTable:
      let stream = body["StreamSpecification"] as? [String: Any]
      let sse = body["SSEDescription"] as? [String: Any]
      settings.described = TableSettings.Described(
        status: try string(body, "TableStatus"), created: try time(body["CreationDateTime"], "CreationDateTime", path),
        itemCount: (body["ItemCount"] as? NSNumber)?.int64Value,
        streamEnabled: (stream?["StreamEnabled"] as? Bool) ?? false,
        streamViewType: try stream.flatMap { try string($0, "StreamViewType") },
        sse: try sse.map { (try string($0, "Status"), try string($0, "SSEType")) },
        deletionProtection: (body["DeletionProtectionEnabled"] as? Bool) ?? false)
      let (partitionKey, sortKey) = try keySchema(body["KeySchema"], "KeySchema", path)
      settings.described?.partitionKey = partitionKey
      settings.described?.sortKey = sortKey
      settings.described?.tableArn = try string(body, "TableArn")
      var indexAttributes: [String] = []
      for (field, pick) in [("GlobalSecondaryIndexes", 0), ("LocalSecondaryIndexes", 1)] {
        guard let indexes = body[field] else { continue }
        guard let list = indexes as? [[String: Any]] else {
          throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(field)\" is not a list of indexes")
        }
        for (n, index) in list.enumerated() {
          let keys = try keySchema(index["KeySchema"], "\(field)[\(n)].KeySchema", path)
          if let name = pick == 0 ? keys.0 : keys.1, !indexAttributes.contains(name) { indexAttributes.append(name) }
        }
      }
      settings.described?.indexAttributes = indexAttributes
    case .timeToLive:
      settings.ttl = (try string(body, "TimeToLiveStatus", required: true)!, try string(body, "AttributeName"))
    case .continuousBackups:
      let pitr = body["PointInTimeRecoveryDescription"] as? [String: Any] ?? [:]
      settings.pointInTimeRecovery = (
        try string(pitr, "PointInTimeRecoveryStatus") ?? "DISABLED",
        try time(pitr["EarliestRestorableDateTime"], "EarliestRestorableDateTime", path),
        try time(pitr["LatestRestorableDateTime"], "LatestRestorableDateTime", path)
      )
    }
  }

  /// `[{"AttributeName": …, "KeyType": "HASH" | "RANGE"}]` → the HASH and RANGE names.
  static func keySchema(_ value: Any?, _ key: String, _ path: String) throws -> (String?, String?) {
    guard let value else { return (nil, nil) }
    guard let list = value as? [[String: Any]] else {
      throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" is not a list of {AttributeName, KeyType}")
    }
    var hash: String? = nil
    var range: String? = nil
    for element in list {
      guard let name = element["AttributeName"] as? String, !name.isEmpty, let type = element["KeyType"] as? String else {
        throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" has an element without AttributeName and KeyType")
      }
      switch type {
      case "HASH" where hash == nil: hash = name
      case "RANGE" where range == nil: range = name
      default:
        throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\": KeyType \"\(type)\" is not one HASH and at most one RANGE")
      }
    }
    if hash == nil && range != nil {
      throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" has a RANGE key but no HASH key")
    }
    return (hash, range)
  }

  /// A timestamp as AWS CLI v1 prints it (epoch seconds, a float) or v2 (ISO 8601 text).
  static func time(_ value: Any?, _ key: String, _ path: String) throws -> Int64? {
    guard let value else { return nil }
    if let text = value as? String {
      guard let ms = Timestamp.parseISO8601(text) else {
        throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" \"\(text)\" is not an ISO 8601 time")
      }
      return ms
    }
    if let number = value as? NSNumber, !(value is Bool) {
      let ms = (number.doubleValue * 1000).rounded()
      // Years 0001 to 9999 only: anything else is no time the AWS CLI prints.
      guard ms.isFinite, ms >= -62_135_596_800_000, ms <= 253_402_300_799_999, let value = Int64(exactly: ms) else {
        throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" \(number) is not a time between the years 1 and 9999")
      }
      return value
    }
    throw DDBAuditError.badInput(path: path, line: nil, message: "\"\(key)\" is neither epoch seconds nor ISO 8601 text")
  }
}
