import DDBSQLite
import Foundation

/// Adds the items of one import to the store, keeping every distinct version once.
///
/// Which versions make up each import's state is kept as validity spans (docs/store.md): a
/// version belongs to every import of its table from `spans.from_import` up to, not including,
/// `spans.to_import`. The table's *open* spans (`to_import IS NULL`) are the state of its
/// newest import. An import writes only what differs from that state: a span opened for each
/// version that was not in it, a span closed for each version that is no longer there.
package final class ImportWriter {
  private let db: Connection
  /// A version with the item's key and content, and whether it is in the open state.
  private let findVersion: Statement
  private let insertItem: Statement
  /// Opens a span of one version at this import, unless it already has an open one.
  private let openSpan: Statement
  /// Closes the open spans of every version of one key at this import.
  private let closeKey: Statement
  /// Drops the open spans of one key that this import opened: closed at once, they would hold no import.
  private let dropOpened: Statement
  private let findEvent: Statement
  /// The version of a key in the open state.
  private let findOpen: Statement
  private let insertChange: Statement
  private let importID: Int64
  private let tableID: Int64
  private let tableIsNew: Bool
  private let holdsChanges: Bool
  /// Opens spans at this import for the versions with ids `?3...?4` (those it has just written).
  private let openRun: Statement
  /// New versions written and not yet given their span.
  private var newRun: ClosedRange<Int64>? = nil
  /// Versions already in the open state that this (full) import saw again.
  private var seenOpen = VersionSet()
  /// Items written (including ones the store already had).
  package private(set) var itemCount: Int64 = 0
  /// Item versions the store did not have before.
  package private(set) var newVersions: Int64 = 0

  init(db: Connection, importID: Int64, tableID: Int64, tableIsNew: Bool, holdsChanges: Bool) throws {
    findVersion = try db.prepare(
      """
      SELECT i.id, EXISTS (SELECT 1 FROM spans s WHERE s.table_id = ?1 AND s.item_id = i.id AND s.to_import IS NULL)
      FROM items i WHERE i.table_id = ?1 AND i.pk = ?2 AND i.sk = ?3 AND i.item = ?4
      """)
    insertItem = try db.prepare(
      """
      INSERT INTO items (table_id, pk, sk, record_time, ttl, ix1, ix2, item, noncanonical,
                         chain_id, seq, prev_hash, hash, unchained, first_import)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
      """)
    openSpan = try db.prepare(
      """
      INSERT INTO spans (table_id, item_id, from_import) SELECT ?1, ?2, ?3
      WHERE NOT EXISTS (SELECT 1 FROM spans WHERE table_id = ?1 AND item_id = ?2 AND to_import IS NULL)
      """)
    closeKey = try db.prepare(
      """
      UPDATE spans SET to_import = ?1
      WHERE table_id = ?2 AND to_import IS NULL AND item_id IN (SELECT id FROM items WHERE table_id = ?2 AND pk = ?3 AND sk = ?4)
      """)
    dropOpened = try db.prepare(
      """
      DELETE FROM spans
      WHERE table_id = ?2 AND from_import = ?1 AND to_import IS NULL AND item_id IN (SELECT id FROM items WHERE table_id = ?2 AND pk = ?3 AND sk = ?4)
      """)
    findEvent = try db.prepare("SELECT 1 FROM changes WHERE table_id = ?1 AND event_id = ?2")
    findOpen = try db.prepare(
      """
      SELECT j.id FROM items j JOIN spans s ON s.table_id = ?1 AND s.item_id = j.id AND s.to_import IS NULL
      WHERE j.table_id = ?1 AND j.pk = ?2 AND j.sk = ?3
      """)
    insertChange = try db.prepare(
      """
      INSERT INTO changes (import_id, table_id, pk, sk, event, at, event_id, ttl_deletion, item_id, line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    openRun = try db.prepare(
      """
      WITH RECURSIVE run(id) AS (SELECT ?3 UNION ALL SELECT id + 1 FROM run WHERE id < ?4)
      INSERT OR IGNORE INTO spans (table_id, item_id, from_import) SELECT ?1, id, ?2 FROM run
      """)
    self.importID = importID
    self.tableID = tableID
    self.tableIsNew = tableIsNew
    self.holdsChanges = holdsChanges
    self.db = db
  }

  /// Adds one item of a whole-table import (a full export, a scan, lines): a version the
  /// store already has, or a new one.
  package func add(_ item: StoredItem) throws {
    precondition(!holdsChanges, "a change import applies changes; it does not add items")
    itemCount += 1
    if !tableIsNew, let (existing, isOpen) = try existingVersion(of: item) {
      if isOpen { seenOpen.insert(existing) } else { try open(existing) }
      return
    }
    // A new version. New versions get consecutive ids: their spans are opened a run at a time.
    let id = try insert(item)
    if let run = newRun, id == run.upperBound + 1 {
      newRun = run.lowerBound...id
    } else {
      try openNewRun()
      newRun = id...id
    }
  }

  /// Opens, at this import, the spans of the new versions `newRun` holds, in one statement.
  private func openNewRun() throws {
    guard let run = newRun else { return }
    newRun = nil
    try openRun.bind([.int(tableID), .int(importID), .int(run.lowerBound), .int(run.upperBound)])
    try openRun.run()
  }

  /// Completes the import's state. For a whole-table import: the last new versions' spans are
  /// opened, and the versions of the open state it did not see are closed.
  func finish() throws {
    guard !holdsChanges else { return }
    try openNewRun()
    try closeUnseen()
  }

  /// Closes, at this import, the open spans that began before it and whose version it did not see.
  private func closeUnseen() throws {
    let page = try db.prepare(
      """
      SELECT item_id FROM spans WHERE table_id = ?1 AND item_id > ?2 AND to_import IS NULL AND from_import < ?3
      ORDER BY item_id LIMIT 4096
      """)
    let close = try db.prepare("UPDATE spans SET to_import = ?3 WHERE table_id = ?1 AND item_id = ?2 AND to_import IS NULL")
    var after: Int64 = 0
    var gone: [Int64] = []
    while true {
      try page.bind([.int(tableID), .int(after), .int(importID)])
      gone.removeAll(keepingCapacity: true)
      var read = 0
      while try page.step() {
        read += 1
        after = page.int(0)
        if !seenOpen.contains(after) { gone.append(after) }
      }
      try page.reset()
      for id in gone {
        try close.bind([.int(tableID), .int(id), .int(importID)])
        try close.run()
      }
      if read < 4096 { return }
    }
  }

  private func open(_ itemID: Int64) throws {
    try openSpan.bind([.int(tableID), .int(itemID), .int(importID)])
    try openSpan.run()
  }

  /// Writes a new version and returns its id.
  private func insert(_ item: StoredItem) throws -> Int64 {
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
          try insertItem.bindInt(importID, at: 15)
          try insertItem.run()
        }
      }
    }
    newVersions += 1
    return db.lastInsertRowID
  }

  /// The version the store already has with `item`'s key and content, and whether it is in
  /// the open state.
  private func existingVersion(of item: StoredItem) throws -> (id: Int64, open: Bool)? {
    try item.json.withUnsafeBufferPointer { json in
      try findVersion.bindInt(tableID, at: 1)
      try findVersion.bindText(item.pk, at: 2)
      try findVersion.bindText(item.sk, at: 3)
      try findVersion.bindText(borrowing: json, at: 4)
      let found = try findVersion.step() ? (findVersion.int(0), findVersion.int(1) != 0) : nil
      try findVersion.reset()
      return found
    }
  }

  /// The id of `item`'s version: the one the store has, or a new one.
  private func version(of item: StoredItem) throws -> Int64 {
    if let (existing, _) = try existingVersion(of: item) { return existing }
    return try insert(item)
  }

  // MARK: Changes

  /// Starts this change import's state as the state of import `base` (nil: empty), which is
  /// usually the state the open spans already hold.
  func startState(from base: Int64?) throws {
    precondition(holdsChanges)
    let newest = try db.scalarInt(
      "SELECT max(id) FROM imports WHERE table_id = ?1 AND id != ?2", [.int(tableID), .int(importID)])
    if base == newest && base != nil { return }
    // Close what the open state holds and `base` does not; open what `base` holds and it does not.
    let inBase = "s.from_import <= ?3 AND (s.to_import IS NULL OR s.to_import > ?3)"
    let close = try db.prepare(
      """
      UPDATE spans SET to_import = ?2 WHERE table_id = ?1 AND to_import IS NULL
        AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.table_id = ?1 AND s.item_id = spans.item_id AND \(inBase))
      """)
    try close.bind([.int(tableID), .int(importID), .int(base ?? 0)])
    try close.run()
    guard let base else { return }
    let open = try db.prepare(
      """
      INSERT INTO spans (table_id, item_id, from_import)
      SELECT DISTINCT ?1, s.item_id, ?2 FROM spans s WHERE s.table_id = ?1 AND \(inBase)
        AND NOT EXISTS (SELECT 1 FROM spans o WHERE o.table_id = ?1 AND o.item_id = s.item_id AND o.to_import IS NULL)
      """)
    try open.bind([.int(tableID), .int(importID), .int(base)])
    try open.run()
  }

  /// Whether the state holds a version of the key (a sharded import asks before it routes a
  /// change that carries no image).
  package func holdsKey(pk: String, sk: String) throws -> Bool {
    try findOpen.bind([.int(tableID), .text(pk), .text(sk)])
    defer { try? findOpen.reset() }
    return try findOpen.step()
  }

  /// Applies one change to this import's state and records it: an INSERT or MODIFY makes
  /// the new image the key's version; a REMOVE drops the key. An old image the store lacks
  /// is kept as a version of its own, so that the verifier can compare it. Returns false
  /// for a stream record already recorded (the same eventID).
  package func apply(_ change: StoredChange) throws -> Bool {
    precondition(holdsChanges, "a whole-table import adds items; it does not apply changes")
    if let eventID = change.eventID {
      try findEvent.bind([.int(tableID), .text(eventID)])
      defer { try? findEvent.reset() }
      if try findEvent.step() { return false }
    }
    itemCount += 1
    var oldID: Int64? = nil
    if let old = change.oldItem { oldID = try version(of: old) }
    try findOpen.bind([.int(tableID), .text(change.pk), .text(change.sk)])
    let present: Int64? = try findOpen.step() ? findOpen.int(0) : nil
    try findOpen.reset()
    var event = change.event
    if event == .upsert { event = present != nil || change.oldItem != nil ? .modify : .insert }
    var itemID: Int64? = nil
    if event == .remove {
      itemID = oldID ?? present
      if present != nil { try closeSpans(change.pk, change.sk) }
    } else if let new = change.newItem {
      let id = try version(of: new)
      itemID = id
      // The same content written again changes nothing; it is not recorded as a change.
      if present == id && change.oldItem.map({ _ in oldID == id }) != false { return true }
      if present != id {
        if present != nil { try closeSpans(change.pk, change.sk) }
        try open(id)
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

  /// Takes the key out of this import's state.
  private func closeSpans(_ pk: String, _ sk: String) throws {
    for statement in [dropOpened, closeKey] {
      try statement.bind([.int(importID), .int(tableID), .text(pk), .text(sk)])
      try statement.run()
    }
  }
}

@available(*, unavailable)
extension ImportWriter: Sendable {}

/// A set of `items.id` values, one bit each: what a whole-table import saw of the open state.
/// It takes an eighth of a byte per version the store holds, whatever the export's size.
struct VersionSet {
  private var words: [UInt64] = []

  mutating func insert(_ id: Int64) {
    guard id >= 0 else { return }
    let word = Int(id >> 6)
    if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
    words[word] |= 1 << UInt64(id & 63)
  }

  func contains(_ id: Int64) -> Bool {
    guard id >= 0, Int(id >> 6) < words.count else { return false }
    return words[Int(id >> 6)] & (1 << UInt64(id & 63)) != 0
  }
}
