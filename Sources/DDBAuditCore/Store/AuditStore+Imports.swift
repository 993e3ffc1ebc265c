import DDBSQLite
import Foundation

/// One import as the store records it.
public struct ImportRecord: Sendable, Equatable, Codable {
  public var id: Int64
  public var identity: String
  public var kind: String
  public var table: String
  /// The point in time the import reflects: the export time, or the end of its window.
  public var exportTime: Int64?
  public var verified: Bool
  public var itemCount: Int64
  public var newVersions: Int64
}

/// A table and what the store holds of it.
public struct TableListing: Sendable, Equatable {
  public var name: String
  public var profile: String
  /// Distinct item keys.
  public var items: Int64
  /// Item versions, including earlier versions of changed items.
  public var versions: Int64
  public var imports: [ImportRecord]
}

/// Describes an import about to be written.
public struct ImportHeader: Sendable {
  public var identity: String
  public var kind: String
  public var table: String
  public var profile: TableProfile
  public var tableArn: String?
  public var exportTime: Int64?
  public var exportFrom: Int64?
  public var exportTo: Int64?
  public var source: String
  public var manifest: String?
}

/// One data file of an import, with what was checked.
public struct ImportedFile: Sendable {
  public var path: String
  public var s3Key: String?
  public var md5: String?
  public var etag: String?
  public var itemCount: Int64
  public var bytes: Int64
  public var verified: Bool
}

/// An item ready for the store.
public struct StoredItem: Sendable {
  public var pk: String
  public var sk: String
  public var recordTime: Int64?
  public var ttl: Int64?
  public var ix1: String?
  public var ix2: String?
  /// Canonical JSON bytes, or the raw JSON when `noncanonical` is set.
  public var json: [UInt8]
  public var noncanonical: String?
  /// The chain attributes, for chained tables (nil otherwise).
  public var chain: ChainFields?
}

/// A chained record's place in its chain, as read from its attributes.
public struct ChainFields: Sendable, Equatable {
  public var chainID: String
  /// Nil when `seq` is missing or not a positive integer.
  public var seq: Int64?
  public var prevHash: String?
  public var hash: String?
  /// Why the record is `UNCHAINED`, when it is.
  public var problem: String?
}

extension AuditStore {
  /// The import with this identity, if the store has it.
  public func existingImport(identity: String) throws -> ImportRecord? {
    try run {
      let s = try db.prepare(Self.importSelect + " WHERE i.identity = ?")
      try s.bind([.text(identity)])
      return try s.step() ? Self.importRecord(s) : nil
    }
  }

  /// What an import was made of: its source, its manifest-summary.json as found, and each
  /// data file's S3 key and MD5, to tell a second copy of an export from a different one.
  public func importContents(id: Int64) throws -> (source: String, manifest: String?, files: [(key: String, md5: String)]) {
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

  static func importRecord(_ s: Statement) -> ImportRecord {
    ImportRecord(
      id: s.int(0), identity: s.text(1), kind: s.text(2), table: s.text(3), exportTime: s.optionalInt(4),
      verified: s.int(5) != 0, itemCount: s.int(6), newVersions: s.int(7))
  }

  /// Runs `body` in one transaction: everything it writes lands, or (when it throws) nothing.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try run { try db.transaction(body) }
  }

  /// Writes one import. Call it inside `transaction`, so that a failure leaves no trace.
  ///
  /// `body` receives a writer to add items, and returns the files it read and whether
  /// every checksum and count matched.
  public func writeImport<T>(
    _ header: ImportHeader, _ body: (ImportWriter) throws -> (T, files: [ImportedFile], verified: Bool)
  ) throws -> (T, ImportRecord) {
    try run {
        // One reading of the clock: the import's time and the time its items were seen must be
        // the same instant, or an import could not be found by the time of its items.
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let tableID = try ensureTable(header.table, profile: header.profile)
        let insert = try db.prepare(
          """
          INSERT INTO imports (identity, kind, table_id, table_arn, export_time, export_from, export_to,
                               source, verified, item_count, new_versions, imported_at, manifest)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)
          """)
        try insert.bind([
          .text(header.identity), .text(header.kind), .int(tableID), header.tableArn.map(SQLValue.text) ?? .null,
          header.exportTime.map(SQLValue.int) ?? .null, header.exportFrom.map(SQLValue.int) ?? .null,
          header.exportTo.map(SQLValue.int) ?? .null, .text(header.source),
          .int(now), header.manifest.map(SQLValue.text) ?? .null,
        ])
        try insert.run()
        let importID = db.lastInsertRowID
        let changes = header.kind == ImportFormat.incremental.kind || header.kind == ImportFormat.stream.kind
        let tableIsNew = try !changes && (db.scalarInt("SELECT count(*) FROM items WHERE table_id = ? LIMIT 1", [.int(tableID)]) == 0)
        let seenAt = header.exportTime ?? header.exportTo ?? now
        let writer = try ImportWriter(db: db, importID: importID, tableID: tableID, tableIsNew: tableIsNew, seenAt: seenAt)
        if changes {
          // A change import starts from the table's state before it, and changes that.
          let previous = try db.scalarInt(
            """
            SELECT id FROM imports WHERE table_id = ?1 AND id != ?2 AND coalesce(export_time, export_to, imported_at) <= ?3
            ORDER BY coalesce(export_time, export_to, imported_at) DESC, id DESC LIMIT 1
            """, [.int(tableID), .int(importID), .int(seenAt)])
          if let previous { try writer.inheritState(from: previous) }
        }
        let (result, files, verified) = try body(writer)
        try writer.flushSightings()
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
  public func listTables() throws -> [TableListing] {
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
        while try imports.step() { records.append(Self.importRecord(imports)) }
        listings.append(
          TableListing(name: tables.text(1), profile: tables.text(2), items: tables.int(3), versions: tables.int(4), imports: records))
      }
      return listings.sorted { UTF16Order.less(Array($0.name.utf8), Array($1.name.utf8)) }
    }
  }
}

/// Adds the items of one import to the store, keeping every distinct version once.
public final class ImportWriter {
  private let db: Connection
  private let findVersion: Statement
  private let insertItem: Statement
  private let insertSighting: Statement
  /// Sightings of the item ids `first...last`, in one statement.
  private let insertSightingRun: Statement
  /// Item ids `add` has seen and not yet written to `sightings`.
  private var pendingRun: ClosedRange<Int64>? = nil
  private let importID: Int64
  private let tableID: Int64
  private let tableIsNew: Bool
  private let markSeen: Statement
  private let seenAt: Int64
  private let findEvent: Statement
  private let findSighted: Statement
  private let deleteSightings: Statement
  private let insertChange: Statement
  /// Items written (including ones the store already had).
  public private(set) var itemCount: Int64 = 0
  /// Item versions the store did not have before.
  public private(set) var newVersions: Int64 = 0

  init(db: Connection, importID: Int64, tableID: Int64, tableIsNew: Bool, seenAt: Int64) throws {
    findVersion = try db.prepare("SELECT id FROM items WHERE table_id = ?1 AND pk = ?2 AND sk = ?3 AND item = ?4")
    insertItem = try db.prepare(
      """
      INSERT INTO items (table_id, pk, sk, record_time, ttl, ix1, ix2, item, noncanonical,
                         chain_id, seq, prev_hash, hash, unchained, first_seen, last_seen, first_import)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)
      """)
    markSeen = try db.prepare(
      "UPDATE items SET first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2) WHERE id = ?1")
    self.seenAt = seenAt
    findEvent = try db.prepare("SELECT 1 FROM changes WHERE table_id = ?1 AND event_id = ?2")
    findSighted = try db.prepare(
      "SELECT j.id FROM items j JOIN sightings s ON s.import_id = ?1 AND s.item_id = j.id WHERE j.table_id = ?2 AND j.pk = ?3 AND j.sk = ?4")
    deleteSightings = try db.prepare(
      "DELETE FROM sightings WHERE import_id = ?1 AND item_id IN (SELECT id FROM items WHERE table_id = ?2 AND pk = ?3 AND sk = ?4)")
    insertChange = try db.prepare(
      """
      INSERT INTO changes (import_id, table_id, pk, sk, event, at, event_id, ttl_deletion, item_id, line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertSighting = try db.prepare("INSERT OR IGNORE INTO sightings (import_id, item_id) VALUES (?1, ?2)")
    insertSightingRun = try db.prepare(
      """
      WITH RECURSIVE run(id) AS (SELECT ?2 UNION ALL SELECT id + 1 FROM run WHERE id < ?3)
      INSERT OR IGNORE INTO sightings (import_id, item_id) SELECT ?1, id FROM run
      """)
    self.importID = importID
    self.tableID = tableID
    self.tableIsNew = tableIsNew
    self.db = db
  }

  /// Adds one item: a sighting of the version the store already has, or a new version.
  public func add(_ item: StoredItem) throws {
    itemCount += 1
    let id = try version(of: item, seen: true)
    // New versions get consecutive ids: their sightings are written a run at a time.
    if let run = pendingRun, id == run.upperBound + 1 {
      pendingRun = run.lowerBound...id
    } else {
      try flushSightings()
      pendingRun = id...id
    }
  }

  /// Writes the sightings `add` has collected. Called before anything reads this import's
  /// sightings, and when the import is complete.
  func flushSightings() throws {
    guard let run = pendingRun else { return }
    pendingRun = nil
    if run.count == 1 { return try sight(run.lowerBound) }
    try insertSightingRun.bind([.int(importID), .int(run.lowerBound), .int(run.upperBound)])
    try insertSightingRun.run()
  }

  private func sight(_ itemID: Int64) throws {
    try insertSighting.bindInt(importID, at: 1)
    try insertSighting.bindInt(itemID, at: 2)
    try insertSighting.run()
  }

  /// The id of `item`'s version: the one the store has (marked seen at this import's time
  /// when `seen`), or a new one.
  private func version(of item: StoredItem, seen: Bool) throws -> Int64 {
    if !tableIsNew, let existing = try existingVersion(of: item) {
      if seen {
        try markSeen.bindInt(existing, at: 1)
        try markSeen.bindInt(seenAt, at: 2)
        try markSeen.run()
      }
      return existing
    }
    // The key and the item are lent to SQLite, not copied: this is the import's inner loop.
    var pk = item.pk
    var sk = item.sk
    try pk.withUTF8 { pk in
      try sk.withUTF8 { sk in
        try item.json.withUnsafeBufferPointer { json in
          try insertItem.bindInt(tableID, at: 1)
          try insertItem.bindText(borrowing: pk, at: 2)
          try insertItem.bindText(borrowing: sk, at: 3)
          try insertItem.bindInt(item.recordTime, at: 4)
          try insertItem.bindInt(item.ttl, at: 5)
          try insertItem.bind(item.ix1.map(SQLValue.text) ?? .null, at: 6)
          try insertItem.bind(item.ix2.map(SQLValue.text) ?? .null, at: 7)
          try insertItem.bindText(borrowing: json, at: 8)
          try insertItem.bind(item.noncanonical.map(SQLValue.text) ?? .null, at: 9)
          try insertItem.bind(item.chain.map { .text($0.chainID) } ?? .null, at: 10)
          try insertItem.bindInt(item.chain?.seq, at: 11)
          try insertItem.bind(item.chain?.prevHash.map(SQLValue.text) ?? .null, at: 12)
          try insertItem.bind(item.chain?.hash.map(SQLValue.text) ?? .null, at: 13)
          try insertItem.bind(item.chain?.problem.map(SQLValue.text) ?? .null, at: 14)
          try insertItem.bindInt(seenAt, at: 15)
          try insertItem.bindInt(importID, at: 16)
          try insertItem.run()
        }
      }
    }
    newVersions += 1
    return db.lastInsertRowID
  }

  /// The id of the version the store already has with `item`'s key and content.
  private func existingVersion(of item: StoredItem) throws -> Int64? {
    try item.json.withUnsafeBufferPointer { json in
      try findVersion.bindInt(tableID, at: 1)
      try findVersion.bindText(item.pk, at: 2)
      try findVersion.bindText(item.sk, at: 3)
      try findVersion.bindText(borrowing: json, at: 4)
      let id = try findVersion.step() ? findVersion.int(0) : nil
      try findVersion.reset()
      return id
    }
  }

  // MARK: Changes

  /// Starts this import's state as a copy of an earlier import's (its sightings).
  func inheritState(from previous: Int64) throws {
    let copy = try db.prepare("INSERT INTO sightings (import_id, item_id) SELECT ?1, item_id FROM sightings WHERE import_id = ?2")
    try copy.bind([.int(importID), .int(previous)])
    try copy.run()
  }

  /// Applies one change to this import's state and records it: an INSERT or MODIFY makes
  /// the new image the key's version; a REMOVE drops the key. An old image the store lacks
  /// is kept as a version of its own, so that the verifier can compare it. Returns false
  /// for a stream record already recorded (the same eventID).
  func apply(_ change: StoredChange) throws -> Bool {
    try flushSightings()
    if let eventID = change.eventID {
      try findEvent.bind([.int(tableID), .text(eventID)])
      defer { try? findEvent.reset() }
      if try findEvent.step() { return false }
    }
    itemCount += 1
    var oldID: Int64? = nil
    if let old = change.oldItem { oldID = try version(of: old, seen: false) }
    try findSighted.bind([.int(importID), .int(tableID), .text(change.pk), .text(change.sk)])
    let present: Int64? = try findSighted.step() ? findSighted.int(0) : nil
    try findSighted.reset()
    var event = change.event
    if event == .upsert { event = present != nil || change.oldItem != nil ? .modify : .insert }
    var itemID: Int64? = nil
    if event == .remove {
      itemID = oldID ?? present
      if present != nil { try unsight(change.pk, change.sk) }
    } else if let new = change.newItem {
      let id = try version(of: new, seen: true)
      itemID = id
      // The same content written again changes nothing; it is not recorded as a change.
      if present == id && change.oldItem.map({ _ in oldID == id }) != false { return true }
      if present != id {
        if present != nil { try unsight(change.pk, change.sk) }
        try sight(id)
      }
    }
    try insertChange.bind([
      .int(importID), .int(tableID), .text(change.pk), .text(change.sk), .text(event.rawValue),
      change.at.map(SQLValue.int) ?? .null, change.eventID.map(SQLValue.text) ?? .null, .int(change.ttlDeletion ? 1 : 0),
      itemID.map(SQLValue.int) ?? .null, .int(Int64(change.line)),
    ])
    try insertChange.run()
    return true
  }

  private func unsight(_ pk: String, _ sk: String) throws {
    try deleteSightings.bind([.int(importID), .int(tableID), .text(pk), .text(sk)])
    try deleteSightings.run()
  }
}

/// A change ready for the store: the key, the images as stored items, and when and how.
struct StoredChange: Sendable {
  var event: ChangeEvent
  var pk: String
  var sk: String
  var newItem: StoredItem?
  var oldItem: StoredItem?
  var at: Int64?
  var eventID: String?
  var ttlDeletion: Bool
  var line: Int
}

@available(*, unavailable)
extension ImportWriter: Sendable {}
