import DDBSQLite
import Foundation
import DDBAuditModel

extension AuditStore {
  /// The import with this identity, if the store has it.
  package func existingImport(identity: String) throws -> ImportRecord? {
    try run {
      let s = try db.prepare(Self.importSelect + " WHERE i.identity = ?")
      try s.bind([.text(identity)])
      return try s.step() ? try importRecord(s) : nil
    }
  }

  /// What an import was made of: its source, its manifest-summary.json as found, and each
  /// data file's S3 key and MD5, to tell a second copy of an export from a different one.
  package func importContents(id: Int64) throws -> (source: String, manifest: String?, files: [(key: String, md5: String)]) {
    try run {
      let s = try db.prepare("SELECT source, manifest FROM imports WHERE id = ?")
      try s.bind([.int(id)])
      guard try s.step() else { return ("", nil, []) }
      let source = s.text(0), manifest = s.optionalText(1)
      let f = try db.prepare("SELECT coalesce(s3_key, path), coalesce(md5, '') FROM import_files WHERE import_id = ? ORDER BY 1")
      try f.bind([.int(id)])
      var files: [(String, String)] = []
      while try f.step() { files.append((f.text(0), f.text(1))) }
      return (source, manifest, files)
    }
  }

  static let importSelect = """
    SELECT i.id, i.identity, i.kind, t.name, coalesce(i.export_time, i.export_to), i.verified, i.item_count, i.new_versions
    FROM imports i JOIN tables t ON t.id = i.table_id
    """

  func importRecord(_ s: Statement) throws -> ImportRecord {
    ImportRecord(
      id: s.int(0), identity: s.text(1), kind: try importKind(s.text(2)), table: s.text(3), exportTime: s.optionalInt(4),
      verified: s.int(5) != 0, itemCount: s.int(6), newVersions: s.int(7))
  }

  /// The kind of an import as the store spells it; any other spelling is a corrupt store.
  func importKind(_ text: String) throws -> ImportKind {
    guard let kind = ImportKind(rawValue: text) else {
      throw DDBAuditError.corruptStore(path: path, message: "an import of unknown kind \"\(text)\"")
    }
    return kind
  }

  /// Runs `body` in one transaction: everything it writes lands, or (when it throws) nothing.
  package func transaction<T>(_ body: () throws -> T) throws -> T {
    try run { try db.transaction(body) }
  }

  /// The shard the store's imports keep (docs/scale.md); nil for whole tables.
  package func shard() throws -> Shard? {
    try run {
      let text = try db.prepare("SELECT shard FROM imports ORDER BY id LIMIT 1")
      guard try text.step(), let spec = text.optionalText(0) else { return nil }
      guard let shard = Shard(spec) else { throw DDBAuditError.corruptStore(path: path, message: "imports.shard is \"\(spec)\", not K/N") }
      return shard
    }
  }

  /// Throws unless an import that keeps `shard` may go into this store: every import of a store
  /// keeps the same shard, or none.
  package func admit(shard wanted: Shard?) throws {
    let held = try shard()
    guard held != wanted, try run({ try db.scalarInt("SELECT count(*) FROM imports") ?? 0 }) > 0 else { return }
    throw DDBAuditError.usage(
      held.map { "the store \(path) holds shard \($0) only; import into it with --shard \($0), or use another --db" }
        ?? "the store \(path) holds whole tables; a --shard import needs a store of its own (another --db)")
  }

  /// Writes one import. Call it inside `transaction`, so that a failure leaves no trace.
  ///
  /// `body` receives a writer to add items, and returns the files it read and whether
  /// every checksum and count matched.
  package func writeImport<T>(
    _ header: ImportHeader, _ body: (ImportWriter) throws -> (T, files: [ImportedFile], verified: Bool)
  ) throws -> (T, ImportRecord) {
    try run {
        // One reading of the clock: the import's time and the time its items were seen must be
        // the same instant, or an import could not be found by the time of its items.
        let now = Timestamp.now()
        try admit(shard: header.shard)
        let tableID = try ensureTable(header.table, profile: header.profile)
        let insert = try db.prepare(
          """
          INSERT INTO imports (identity, kind, table_id, table_arn, export_time, export_from, export_to,
                               source, verified, item_count, new_versions, imported_at, manifest, shard)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)
          """)
        try insert.bind([
          .text(header.identity), .text(header.kind.rawValue), .int(tableID), header.tableArn.map(SQLValue.text) ?? .null,
          header.exportTime.map(SQLValue.int) ?? .null, header.exportFrom.map(SQLValue.int) ?? .null,
          header.exportTo.map(SQLValue.int) ?? .null, .text(header.source),
          .int(now), header.manifest.map(SQLValue.text) ?? .null, header.shard.map { .text($0.description) } ?? .null,
        ])
        try insert.run()
        let importID = db.lastInsertRowID
        let changes = header.kind.holdsChanges
        let tableIsNew = try !changes && (db.scalarInt("SELECT count(*) FROM items WHERE table_id = ? LIMIT 1", [.int(tableID)]) == 0)
        let seenAt = header.exportTime ?? header.exportTo ?? now
        let writer = try ImportWriter(db: db, importID: importID, tableID: tableID, tableIsNew: tableIsNew, holdsChanges: changes)
        if changes {
          // A change import starts from the table's state before it, and changes that.
          let previous = try db.scalarInt(
            """
            SELECT id FROM imports WHERE table_id = ?1 AND id != ?2 AND coalesce(export_time, export_to, imported_at) <= ?3
            ORDER BY coalesce(export_time, export_to, imported_at) DESC, id DESC LIMIT 1
            """, [.int(tableID), .int(importID), .int(seenAt)])
          try writer.startState(from: previous)
        }
        let (result, files, verified) = try body(writer)
        try writer.finish()
        let fileInsert = try db.prepare(
          "INSERT INTO import_files (import_id, path, s3_key, md5, etag, item_count, bytes, verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for file in files {
          try fileInsert.bind([
            .int(importID), .text(file.path), file.s3Key.map(SQLValue.text) ?? .null, file.md5.map(SQLValue.text) ?? .null,
            file.etag.map(SQLValue.text) ?? .null, .int(file.itemCount), .int(file.bytes), .int(file.verified ? 1 : 0),
          ])
          try fileInsert.run()
        }
        let update = try db.prepare("UPDATE imports SET verified = ?, item_count = ?, new_versions = ? WHERE id = ?")
        try update.bind([.int(verified ? 1 : 0), .int(writer.itemCount), .int(writer.newVersions), .int(importID)])
        try update.run()
        let record = ImportRecord(
          id: importID, identity: header.identity, kind: header.kind, table: header.table,
          exportTime: header.exportTime, verified: verified, itemCount: writer.itemCount,
          newVersions: writer.newVersions)
        return (result, record)
    }
  }

  private func ensureTable(_ name: String, profile: TableProfile) throws -> Int64 {
    let learned: SQLValue = profile.isLearned ? .text(try TableProfile.encodeLearned(profile)) : .null
    let indexes: [SQLValue] = [
      profile.indexes.first.map(SQLValue.text) ?? .null, profile.indexes.dropFirst().first.map(SQLValue.text) ?? .null,
    ]
    let find = try db.prepare("SELECT id FROM tables WHERE name = ?")
    try find.bind([.text(name)])
    if try find.step() {
      let id = find.int(0)
      let update = try db.prepare("UPDATE tables SET profile = ?, ix1_attribute = ?, ix2_attribute = ?, learned_profile = ? WHERE id = ?")
      try update.bind([.text(profile.name)] + indexes + [learned, .int(id)])
      try update.run()
      return id
    }
    let insert = try db.prepare("INSERT INTO tables (name, profile, ix1_attribute, ix2_attribute, learned_profile) VALUES (?, ?, ?, ?, ?)")
    try insert.bind([.text(name), .text(profile.name)] + indexes + [learned])
    try insert.run()
    return db.lastInsertRowID
  }

  /// Every table with its item counts and imports, sorted by name.
  package func listTables() throws -> [TableListing] {
    try run {
      let tables = try db.prepare(
        """
        SELECT t.id, t.name, t.profile,
               (SELECT count(*) FROM (SELECT DISTINCT pk, sk FROM items WHERE table_id = t.id)),
               (SELECT count(*) FROM items WHERE table_id = t.id)
        FROM tables t
        """)
      var listings: [TableListing] = []
      while try tables.step() {
        let imports = try db.prepare(Self.importSelect + " WHERE i.table_id = ? ORDER BY coalesce(i.export_time, i.export_to), i.id")
        try imports.bind([.int(tables.int(0))])
        var records: [ImportRecord] = []
        while try imports.step() { records.append(try importRecord(imports)) }
        listings.append(
          TableListing(name: tables.text(1), profile: tables.text(2), items: tables.int(3), versions: tables.int(4), imports: records))
      }
      return listings.sorted { UTF16Order.less(Array($0.name.utf8), Array($1.name.utf8)) }
    }
  }
}
