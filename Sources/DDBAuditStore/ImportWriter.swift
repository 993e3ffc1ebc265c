import DDBSQLite
import Foundation

/// Adds the items of one import to the store, keeping every distinct version once.
package final class ImportWriter {
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
  package private(set) var itemCount: Int64 = 0
  /// Item versions the store did not have before.
  package private(set) var newVersions: Int64 = 0

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
  package func add(_ item: StoredItem) throws {
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
  package func apply(_ change: StoredChange) throws -> Bool {
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

@available(*, unavailable)
extension ImportWriter: Sendable {}
