import DDBSQLite

extension AuditStore {
  /// Every row of every table, in a stable order: a fingerprint for tests and debugging.
  package func debugDump() throws -> String {
    try run {
      var lines: [String] = []
      let tables = try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      var names: [String] = []
      while try tables.step() { names.append(tables.text(0)) }
      for name in names where name != "schema_migrations" {
        let rows = try db.prepare("SELECT * FROM \"\(name)\" ORDER BY 1, 2")
        lines.append("# \(name)")
        while try rows.step() {
          lines.append((0..<rows.columnCount).map { column -> String in
            // Import times differ run to run; everything else must match exactly.
            if name == "imports" && rows.columnName(column) == "imported_at" { return "*" }
            return "\(rows.value(column))"
          }.joined(separator: "|"))
        }
      }
      return lines.joined(separator: "\n")
    }
  }

  /// The versions the store keeps of one item, oldest first: canonical JSON and the imports that saw each.
  package func versions(table: String, pk: String, sk: String = "") throws -> [(json: String, imports: [Int64])] {
    try run {
      let s = try db.prepare(
        """
        SELECT i.item, (
          SELECT group_concat(id) FROM (
            SELECT p.id FROM spans s JOIN imports p ON p.table_id = s.table_id AND p.id >= s.from_import
              AND (s.to_import IS NULL OR p.id < s.to_import)
            WHERE s.table_id = i.table_id AND s.item_id = i.id ORDER BY p.id))
        FROM items i JOIN tables t ON t.id = i.table_id WHERE t.name = ? AND i.pk = ? AND i.sk = ? ORDER BY i.id
        """)
      try s.bind([.text(table), .text(pk), .text(sk)])
      var out: [(String, [Int64])] = []
      while try s.step() {
        out.append((s.text(0), (s.optionalText(1) ?? "").split(separator: ",").compactMap { Int64($0) }))
      }
      return out
    }
  }

  /// Record time, TTL and index values of one item's latest version.
  package func columns(table: String, pk: String, sk: String = "") throws -> (recordTime: Int64?, ttl: Int64?, ix1: String?, ix2: String?, noncanonical: String?)? {
    try run {
      let s = try db.prepare(
        "SELECT record_time, ttl, ix1, ix2, noncanonical FROM items i JOIN tables t ON t.id = i.table_id WHERE t.name = ? AND pk = ? AND sk = ? ORDER BY i.id DESC LIMIT 1")
      try s.bind([.text(table), .text(pk), .text(sk)])
      guard try s.step() else { return nil }
      return (s.optionalInt(0), s.optionalInt(1), s.optionalText(2), s.optionalText(3), s.optionalText(4))
    }
  }
}

extension AuditStore {
  /// What SQLite's own checks find wrong with the store: `integrity_check`, and
  /// `foreign_key_check` (the importer writes references to rows it has just written and
  /// does not have SQLite check them row by row; this proves them). Empty when all is well.
  package func consistencyProblems() throws -> [String] {
    try run {
      var problems: [String] = []
      let integrity = try db.prepare("PRAGMA integrity_check")
      while try integrity.step() {
        if integrity.text(0) != "ok" { problems.append(integrity.text(0)) }
      }
      let keys = try db.prepare("PRAGMA foreign_key_check")
      while try keys.step() {
        problems.append("\(keys.text(0)) row \(keys.int(1)) refers to a missing \(keys.text(2)) row")
      }
      return problems
    }
  }
}
