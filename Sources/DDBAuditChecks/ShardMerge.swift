import DDBAuditModel

/// Combines the JSON results (`ddbaudit.verify/1` or `ddbaudit.retention/1`) of every shard of
/// one run into the result of the whole table, byte for byte what one machine would have
/// written (docs/scale.md).
///
/// Shards split tables by chain, and a chain's records and versions are all in one shard, so
/// every finding is found by exactly one shard. Merging sums the counts, checks that what
/// every shard must agree on (the tables, their imports and policies, the as-of) agrees, and
/// puts the findings back in `Finding.ordered` order.
package enum ShardMerge {
  /// One shard's result, and the file it came from (for errors).
  package struct Part: Sendable {
    package var path: String
    package var document: JSONValue
    package init(path: String, document: JSONValue) {
      self.path = path
      self.document = document
    }
  }

  /// The merged document, and its findings (for the exit code).
  package static func merge(_ parts: [Part]) throws -> (document: JSONValue, findings: [Finding]) {
    guard let first = parts.first else { throw DDBAuditError.usage("merge needs the results of every shard") }
    let schema = try text(first, "schema")
    let chained: Bool
    switch schema {
    case "ddbaudit.verify/1": chained = true
    case "ddbaudit.retention/1": chained = false
    default: throw bad(first, "schema \"\(schema)\" cannot be merged (ddbaudit.verify/1 or ddbaudit.retention/1)")
    }
    let asOf = try text(first, "asOf")
    var shards: [Int: String] = [:]
    var count: Int? = nil
    for part in parts {
      guard try text(part, "schema") == schema else { throw bad(part, "is \(try text(part, "schema")), \(first.path) is \(schema)") }
      guard try text(part, "asOf") == asOf else { throw bad(part, "is as of \(try text(part, "asOf")), \(first.path) as of \(asOf): run every shard with the same --as-of") }
      guard part.document[member: "shard"] != nil else { throw bad(part, "has no \"shard\": it is the result of a whole store, not of an import --shard store") }
      guard let shard = Shard(try text(part, "shard")) else { throw bad(part, "\"shard\" is not K/N") }
      if let count, count != shard.count { throw bad(part, "is shard \(shard) of \(shard.count), the others of \(count)") }
      count = shard.count
      if let other = shards[shard.index] { throw bad(part, "is shard \(shard), and so is \(other)") }
      shards[shard.index] = part.path
    }
    let n = count!
    let absent = (0..<n).filter { shards[$0] == nil }
    guard absent.isEmpty else {
      throw DDBAuditError.usage("the results of shard \(absent.map { "\($0)/\(n)" }.joined(separator: ", ")) are missing: merge needs all \(n)")
    }
    let codes = chained ? FindingCode.verifyCodes : FindingCode.retentionCodes
    var findings: [Finding] = []
    for part in parts { findings += try decodeFindings(part) }
    findings.sort(by: Finding.ordered)
    let document = JSONValue.object([
      ("schema", .string(schema)), ("asOf", .string(asOf)),
      ("summary", try mergeSummary(parts, codes: codes)),
      ("tables", try mergeTables(parts, chained: chained, codes: codes)),
      ("findings", .array(findings.map { chained ? $0.json : $0.checkJSON })),
    ])
    return (document, findings)
  }

  /// Counts are summed; the number of tables must agree.
  private static func mergeSummary(_ parts: [Part], codes: [FindingCode]) throws -> JSONValue {
    let summaries = try parts.map { part in (part, try object(part, part.document[member: "summary"], "summary")) }
    var merged: [(String, JSONValue)] = []
    for (name, value) in summaries[0].1 {
      let values = try member(name, of: summaries, in: "\"summary\"")
      switch name {
      case "tables", "chainedTables": merged.append((name, try same(values, "summary.\(name)")))
      case "bySeverity": merged.append((name, try sum(values, order: Severity.allCases.reversed().map(\.rawValue))))
      case "byCode": merged.append((name, try sum(values, order: codes.map(\.rawValue))))
      default:
        guard case .int = value else { throw bad(summaries[0].0, "\"summary.\(name)\" is not a count") }
        merged.append((name, try total(values, "summary.\(name)")))
      }
    }
    return .object(merged)
  }

  /// Every shard lists the same tables, in the same order; verify's agree in full, and
  /// retention's add their items and counts.
  private static func mergeTables(_ parts: [Part], chained: Bool, codes: [FindingCode]) throws -> JSONValue {
    let lists = try parts.map { part -> (Part, [JSONValue]) in
      guard case .array(let tables)? = part.document[member: "tables"] else { throw bad(part, "\"tables\" is not an array") }
      return (part, tables)
    }
    let names = lists[0].1.map { $0[member: "name"] }
    for (part, tables) in lists where tables.map({ $0[member: "name"] }) != names {
      throw bad(part, "lists other tables than \(lists[0].0.path): every shard must import every export")
    }
    var merged: [JSONValue] = []
    for k in names.indices {
      let versions = try lists.map { part, tables in (part, try object(part, tables[k], "tables[\(k)]")) }
      if chained {
        merged.append(try same(versions.map { ($0.0, JSONValue.object($0.1)) }, "tables[\(k)]"))
        continue
      }
      var table: [(String, JSONValue)] = []
      for (name, _) in versions[0].1 {
        let values = try member(name, of: versions, in: "tables[\(k)]")
        switch name {
        case "items": table.append((name, try total(values, "tables[\(k)].items")))
        case "byCode": table.append((name, try sum(values, order: ["OK"] + codes.map(\.rawValue))))
        default: table.append((name, try same(values, "tables[\(k)].\(name)")))
        }
      }
      merged.append(.object(table))
    }
    return .array(merged)
  }

  /// The findings of one shard's result.
  private static func decodeFindings(_ part: Part) throws -> [Finding] {
    guard case .array(let list)? = part.document[member: "findings"] else { throw bad(part, "\"findings\" is not an array") }
    return try list.enumerated().map { k, value in
      let at = "findings[\(k)]"
      func string(_ name: String) throws -> String {
        guard case .string(let s)? = value[member: name] else { throw bad(part, "\(at).\(name) is not a string") }
        return s
      }
      func integer(_ name: String) throws -> Int64? {
        switch value[member: name] {
        case nil, .null?: return nil
        case .int(let n)?: return n
        default: throw bad(part, "\(at).\(name) is not an integer")
        }
      }
      guard let severity = Severity(rawValue: try string("severity")) else { throw bad(part, "\(at).severity is not a severity") }
      var key: ItemKey? = nil
      switch value[member: "key"] {
      case nil, .null?: break
      case .object(let members)?:
        let texts = try members.map { name, v -> (String, String) in
          guard case .string(let s) = v, members.count <= 2 else { throw bad(part, "\(at).key is not one or two key attributes") }
          return (name, s)
        }
        guard let pk = texts.first else { throw bad(part, "\(at).key is empty") }
        key = ItemKey(partitionKey: pk.0, pk: pk.1, sortKey: texts.count > 1 ? texts[1].0 : nil, sk: texts.count > 1 ? texts[1].1 : nil)
      default: throw bad(part, "\(at).key is not an object")
      }
      let chain: String?
      switch value[member: "chain"] {
      case nil: chain = nil
      case .string(let s)?: chain = s
      default: throw bad(part, "\(at).chain is not a string")
      }
      return Finding(
        FindingCode(rawValue: try string("code")), table: try string("table"), chain: chain, seq: try integer("seq"),
        seqEnd: try integer("seqEnd"), key: key, detail: try string("detail"), severity: severity)
    }
  }

  // MARK: Helpers

  /// Member `name` of every part's object (`what` names the object in errors).
  private static func member(_ name: String, of objects: [(Part, [(String, JSONValue)])], in what: String) throws -> [(Part, JSONValue)] {
    try objects.map { part, members in
      guard let value = JSONValue.object(members)[member: name] else { throw bad(part, "\(what) has no \"\(name)\"") }
      return (part, value)
    }
  }

  private static func bad(_ part: Part, _ message: String) -> DDBAuditError {
    .badInput(path: part.path, line: nil, message: message)
  }

  private static func text(_ part: Part, _ name: String) throws -> String {
    guard case .string(let s)? = part.document[member: name] else { throw bad(part, "\"\(name)\" is missing or not a string") }
    return s
  }

  private static func object(_ part: Part, _ value: JSONValue?, _ what: String) throws -> [(String, JSONValue)] {
    guard case .object(let members)? = value else { throw bad(part, "\"\(what)\" is not an object") }
    return members
  }

  private static func same(_ values: [(Part, JSONValue)], _ what: String) throws -> JSONValue {
    for (part, value) in values.dropFirst() where value != values[0].1 {
      throw bad(part, "\(what) differs from \(values[0].0.path)'s: were the shards imported from the same exports?")
    }
    return values[0].1
  }

  private static func total(_ values: [(Part, JSONValue)], _ what: String) throws -> JSONValue {
    var sum: Int64 = 0
    for (part, value) in values {
      guard case .int(let n) = value else { throw bad(part, "\(what) is not a count") }
      let (next, overflow) = sum.addingReportingOverflow(n)
      guard !overflow, n >= 0 else { throw bad(part, "\(what) is out of range") }
      sum = next
    }
    return .int(sum)
  }

  /// Counts by name, summed; names in `order` first, in its order, then the others by name.
  private static func sum(_ values: [(Part, JSONValue)], order: [String]) throws -> JSONValue {
    // Keyed by the names' UTF-8 bytes: two spellings of one name (composed, decomposed) stay two.
    var counts: [[UInt8]: (name: String, count: Int64)] = [:]
    for (part, value) in values {
      for (name, count) in try object(part, value, "counts") {
        guard case .int(let n) = count, n >= 0 else { throw bad(part, "the count of \(name) is not a count") }
        let key = Array(name.utf8)
        let (next, overflow) = (counts[key]?.count ?? 0).addingReportingOverflow(n)
        guard !overflow else { throw bad(part, "the count of \(name) is out of range") }
        counts[key] = (name, next)
      }
    }
    let known = order.map { Array($0.utf8) }.filter { counts[$0] != nil }
    let others = counts.keys.filter { !known.contains($0) }.sorted(by: UTF16Order.less)
    return .object((known + others).map { (counts[$0]!.name, .int(counts[$0]!.count)) })
  }
}
