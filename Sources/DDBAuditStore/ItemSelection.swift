import DDBSQLite
import Foundation
import DDBAuditModel

/// Which current items of a table to read: a time range and equality on indexed attributes.
package struct ItemSelection: Sendable {
  package var tableID: Int64
  /// The import whose items are the table's current state.
  package var latest: Int64
  /// `[from, to)` in ms; nil leaves that side open. Items without a record time are
  /// selected only when both sides are open.
  package var from: Int64?
  package var to: Int64?
  /// Values that the profile's first and second indexed attributes must have.
  package var ix1: String?
  package var ix2: String?
  /// Select the items *outside* `[from, to)` instead (and those without a record time).
  package var outside = false
  /// Top-level attributes that must equal a value (as S, or as a normalised N).
  package var attributes: [(name: String, value: String)] = []

  package init(tableID: Int64, latest: Int64, from: Int64? = nil, to: Int64? = nil, ix1: String? = nil, ix2: String? = nil) {
    self.tableID = tableID
    self.latest = latest
    self.from = from
    self.to = to
    self.ix1 = ix1
    self.ix2 = ix2
  }

  /// SQL that holds when the version `i` is in the state of the import bound to `parameter`:
  /// one of its validity spans covers that import (docs/store.md).
  static func inState(_ parameter: String, item: String = "i") -> String {
    """
    EXISTS (SELECT 1 FROM spans s WHERE s.table_id = \(item).table_id AND s.item_id = \(item).id \
    AND s.from_import <= \(parameter) AND (s.to_import IS NULL OR s.to_import > \(parameter)))
    """
  }

  /// The SQLite JSON path of a top-level attribute: `$."name"`.
  static func jsonPath(_ name: String) -> String { "$.\"" + name + "\"" }

  /// Whether SQLite's JSON paths can name this attribute (no `"` or `\\` in it).
  package static func pathSafe(_ name: String) -> Bool { !name.contains("\"") && !name.contains("\\") }

  /// The SQL and its bindings; rows ordered by record time then key when `ordered`.
  func sql(columns: String, ordered: Bool = true) -> (String, [SQLValue]) {
    var conditions = ["i.table_id = ?1"]
    var bindings: [SQLValue] = [.int(tableID), .int(latest)]
    func add(_ condition: String, _ value: SQLValue) {
      bindings.append(value)
      conditions.append(condition.replacingOccurrences(of: "?", with: "?\(bindings.count)"))
    }
    if let ix1 { add("i.ix1 = ?", .text(ix1)) }
    if let ix2 { add("i.ix2 = ?", .text(ix2)) }
    for (name, value) in attributes {
      bindings.append(.text(Self.jsonPath(name)))
      let path = bindings.count
      bindings.append(.text(value))
      conditions.append(
        "(json_extract(i.item, ?\(path) || '.S') = ?\(bindings.count) OR json_extract(i.item, ?\(path) || '.N') = ?\(bindings.count))")
    }
    if outside {
      var sides = ["i.record_time IS NULL"]
      if let from {
        bindings.append(.int(from))
        sides.append("i.record_time < ?\(bindings.count)")
      }
      if let to {
        bindings.append(.int(to))
        sides.append("i.record_time >= ?\(bindings.count)")
      }
      conditions.append("(" + sides.joined(separator: " OR ") + ")")
    } else {
      if let from { add("i.record_time >= ?", .int(from)) }
      if let to { add("i.record_time < ?", .int(to)) }
    }
    let sql = """
      SELECT \(columns) FROM items i
      WHERE \(conditions.joined(separator: " AND "))
        AND \(Self.inState("?2"))
      """ + (ordered ? "\nORDER BY i.record_time, i.pk, i.sk" : "")
    return (sql, bindings)
  }
}

extension AuditStore {
  /// Runs `body` in one read transaction, so that everything it reads is one snapshot of
  /// the store (no import can land in between). Inside another snapshot, it is that one.
  package func snapshot<T>(_ body: () throws -> T) throws -> T {
    try run { db.inTransaction ? try body() : try db.transaction(immediate: false, body) }
  }

  /// The table named `name`, and the import that is its current state (its latest full
  /// export, else its latest import).
  package func currentState(table name: String) throws -> (table: StoredTable, latest: ImportPoint)? {
    guard let table = try storedTables().first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
    guard let latest = try importPoints(table: table.id).current else { return nil }
    return (table, latest)
  }

  /// Calls `body` with each selected item, in record-time order.
  package func forEachItem(_ selection: ItemSelection, _ body: (StoredRow) throws -> Void) throws {
    try run {
      let (sql, bindings) = selection.sql(columns: "i.pk, i.sk, i.record_time, i.ttl, i.item, i.noncanonical IS NOT NULL")
      let s = try db.prepare(sql)
      try s.bind(bindings)
      while try s.step() {
        try body(
          StoredRow(
            pk: s.text(0), sk: s.text(1), recordTime: s.optionalInt(2), ttl: s.optionalInt(3), json: s.utf8(4),
            noncanonical: s.int(5) != 0))
      }
    }
  }

  /// Calls `body` with each selected item's keys and times (its `json` left empty) and the
  /// values of the named top-level attributes, nil where absent. Only those values are
  /// decoded, cut from the stored canonical JSON in place.
  package func forEachItem(
    _ selection: ItemSelection, attributes: [String], _ body: (StoredRow, [AttributeValue?]) throws -> Void
  ) throws {
    try run {
      let (sql, bindings) = selection.sql(
        columns: "i.pk, i.sk, i.record_time, i.ttl, i.item, i.noncanonical IS NOT NULL", ordered: false)
      let s = try db.prepare(sql)
      try s.bind(bindings)
      let wanted = CanonicalForm.quoted(attributes)
      var values = [AttributeValue?](repeating: nil, count: attributes.count)
      while try s.step() {
        let row = StoredRow(pk: s.text(0), sk: s.text(1), recordTime: s.optionalInt(2), ttl: s.optionalInt(3), json: [], noncanonical: s.int(5) != 0)
        for k in values.indices { values[k] = nil }
        if row.noncanonical {
          let item = try StoredRow.decode(s.utf8(4), noncanonical: true, what: "\(row.pk)/\(row.sk)")
          for (k, name) in attributes.enumerated() { values[k] = item[name] }
        } else {
          var failure: DynamoJSONError? = nil
          s.withUTF8(4) { json in
            _ = CanonicalForm.forEachMember(in: json) { name, range in
              guard let k = wanted.firstIndex(where: { $0.elementsEqual(json[name]) }) else { return true }
              do throws(DynamoJSONError) {
                values[k] = try DynamoJSONDecoder.decodeValue(UnsafeBufferPointer(rebasing: json[range]))
              } catch { failure = error }
              return failure == nil
            }
          }
          if let failure {
            throw DDBAuditError.corruptStore(path: "store item \(row.pk)/\(row.sk)", message: "cannot decode the stored item: \(failure)")
          }
        }
        try body(row, values)
      }
    }
  }

  /// How SQLite will run `selection` (EXPLAIN QUERY PLAN details), for tests and `--explain`.
  package func queryPlan(_ selection: ItemSelection) throws -> [String] {
    try run {
      let (sql, bindings) = selection.sql(columns: "i.item")
      let s = try db.prepare("EXPLAIN QUERY PLAN " + sql)
      try s.bind(bindings)
      var lines: [String] = []
      while try s.step() { lines.append(s.text(3)) }
      return lines
    }
  }

  /// Items in the state of import `latest`.
  package func itemCount(latest: Int64) throws -> Int64 {
    try run {
      try db.scalarInt(
        """
        SELECT count(*) FROM spans s JOIN imports p ON p.id = ?1
        WHERE s.table_id = p.table_id AND s.from_import <= ?1 AND (s.to_import IS NULL OR s.to_import > ?1)
        """, [.int(latest)]) ?? 0
    }
  }
}

extension AuditStore {
  /// How many items `selection` selects.
  package func countItems(_ selection: ItemSelection) throws -> Int64 {
    try run {
      let (sql, bindings) = selection.sql(columns: "count(*)", ordered: false)
      let s = try db.prepare(sql)
      try s.bind(bindings)
      return try s.step() ? s.int(0) : 0
    }
  }
}

extension AuditStore {
  /// The distinct top-level attribute names of the selected items, read from the stored
  /// canonical JSON without decoding it.
  package func attributeNames(_ selection: ItemSelection) throws -> [String] {
    try run {
      let (sql, bindings) = selection.sql(columns: "i.item, i.noncanonical IS NOT NULL", ordered: false)
      let s = try db.prepare(sql)
      try s.bind(bindings)
      var quoted = Set<[UInt8]>()
      while try s.step() {
        if s.int(1) != 0 {
          for entry in try StoredRow.decode(s.utf8(0), noncanonical: true, what: "(noncanonical)").entries {
            var name: [UInt8] = []
            CanonicalForm.writeString(entry.name, to: &name)
            quoted.insert(name)
          }
          continue
        }
        _ = s.withUTF8(0) { json in
          CanonicalForm.forEachMember(in: json) { name, _ in
            if !quoted.contains(where: { $0.elementsEqual(json[name]) }) { quoted.insert(Array(json[name])) }
            return true
          }
        }
      }
      return quoted.map { name in
        if !name.contains(UInt8(ascii: "\\")) { return String(decoding: name.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONSerialization.jsonObject(with: Data(name), options: [.fragmentsAllowed]) as? String) ?? String(decoding: name, as: UTF8.self)
      }
    }
  }

  /// Calls `body` with each selected item's JSON and, per named attribute, the byte range
  /// of its typed value (`{"S":"…"}`) in it, nil where it is absent. The bytes are read in
  /// place from SQLite and valid only inside `body`.
  package func forEachAttributeRow(
    _ selection: ItemSelection, attributes: [String],
    _ body: (UnsafeBufferPointer<UInt8>, [Range<Int>?]) throws -> Void
  ) throws {
    try run {
      let (sql, bindings) = selection.sql(columns: "i.item, i.noncanonical IS NOT NULL")
      let s = try db.prepare(sql)
      try s.bind(bindings)
      let wanted = CanonicalForm.quoted(attributes)
      var ranges = [Range<Int>?](repeating: nil, count: attributes.count)
      while try s.step() {
        for k in ranges.indices { ranges[k] = nil }
        if s.int(1) != 0 {
          // No canonical form: lay the raw line's values out in a buffer of their own.
          let item = try StoredRow.decode(s.utf8(0), noncanonical: true, what: "(noncanonical)")
          var buffer: [UInt8] = []
          for (k, name) in attributes.enumerated() {
            guard let value = item[name] else { continue }
            let start = buffer.count
            buffer += DynamoJSONEncoder.encodeValue(value)
            ranges[k] = start..<buffer.count
          }
          try buffer.withUnsafeBufferPointer { try body($0, ranges) }
          continue
        }
        try s.withUTF8(0) { json in
          CanonicalForm.forEachMember(in: json) { name, value in
            if let k = wanted.firstIndex(where: { $0.elementsEqual(json[name]) }) { ranges[k] = value }
            return true
          }
          try body(json, ranges)
        }
      }
    }
  }
}
