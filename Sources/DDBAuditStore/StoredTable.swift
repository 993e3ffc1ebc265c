import DDBSQLite
import DDBAuditModel

/// A table the store holds, with the profile it was imported under.
package struct StoredTable: Sendable, Equatable {
  package var id: Int64
  package var name: String
  package var profile: String
  /// The profile learned from the table's keys, when no written profile describes it.
  package var learnedProfile: TableProfile? = nil
}

extension Array where Element == ImportPoint {
  /// The import that is a table's current state: its latest (of a time-ordered list). Every
  /// import holds a whole state: change imports start from the state before them.
  package var current: ImportPoint? { last }
}

extension AuditStore {
  /// Every table, sorted by name (UTF-16 order).
  package func storedTables() throws -> [StoredTable] {
    try run {
      let s = try db.prepare("SELECT id, name, profile, learned_profile FROM tables")
      var tables: [StoredTable] = []
      while try s.step() {
        let learned = try s.optionalText(3).map { json in
          do { return try TableProfile.decodeLearned(json) } catch {
            throw DDBAuditError.corruptStore(path: path, message: "table \"\(s.text(1))\" has an unreadable learned profile: \(error)")
          }
        }
        tables.append(StoredTable(id: s.int(0), name: s.text(1), profile: s.text(2), learnedProfile: learned))
      }
      return tables.sorted { UTF16Order.less(Array($0.name.utf8), Array($1.name.utf8)) }
    }
  }

  /// A table's imports, oldest first.
  package func importPoints(table: Int64) throws -> [ImportPoint] {
    try run {
      let s = try db.prepare(
        """
        SELECT id, identity, kind, coalesce(export_time, export_to, imported_at) AS seen_at, verified, source
        FROM imports WHERE table_id = ? ORDER BY seen_at, id
        """)
      try s.bind([.int(table)])
      var points: [ImportPoint] = []
      while try s.step() {
        points.append(
          ImportPoint(
            id: s.int(0), identity: s.text(1), kind: try importKind(s.text(2)), seenAt: s.int(3), verified: s.int(4) != 0, source: s.text(5)))
      }
      return points
    }
  }

  /// Streams every version of every chained record of `table` in chain order (chain id,
  /// seq, then insertion), `batchSize` rows at a time; `latest` decides which are current.
  package func forEachChainBatch(table: Int64, latest: Int64, batchSize: Int = 4096, _ body: ([ChainRow]) throws -> Void) throws {
    try run {
      let rows = try db.prepare(
        """
        SELECT i.id, i.pk, i.sk, i.chain_id, i.seq, i.prev_hash, i.hash, i.unchained, i.noncanonical,
               i.record_time, i.ttl, i.first_import, \(ItemSelection.inState("?2")), i.item
        FROM items i
        WHERE i.table_id = ?1 AND i.chain_id IS NOT NULL
        ORDER BY i.chain_id, i.seq, i.id
        """)
      try rows.bind([.int(table), .int(latest)])
      let points = try importPoints(table: table)
      let seen = SeenTimes(points)
      let latestSeen = points.first { $0.id == latest }?.seenAt ?? 0
      let keyProbe = try keyCurrentProbe()
      // Only a version that is no longer current needs its spans (when it was last seen).
      let spansOf = try db.prepare("SELECT \(SeenTimes.spansSQL) FROM items i WHERE i.id = ?1")
      func lastSeen(_ id: Int64, written: Int64) throws -> Int64 {
        try spansOf.bind([.int(id)])
        defer { try? spansOf.reset() }
        let spans = try spansOf.step() ? spansOf.optionalText(0) : nil
        return seen.range(spans: SeenTimes.spans(spans), written: written).last
      }
      var batch: [ChainRow] = []
      batch.reserveCapacity(batchSize)
      while try rows.step() {
        let current = rows.int(12) != 0
        let pk = rows.text(1), sk = rows.text(2)
        let keyCurrent = try current || keyProbe(table, latest, pk, sk)
        batch.append(
          ChainRow(
            id: rows.int(0), pk: pk, sk: sk, chainID: rows.text(3), seq: rows.optionalInt(4),
            prevHash: rows.optionalText(5), hash: rows.optionalText(6), unchained: rows.optionalText(7),
            noncanonical: rows.optionalText(8), recordTime: rows.optionalInt(9), ttl: rows.optionalInt(10),
            lastSeen: current ? latestSeen : try lastSeen(rows.int(0), written: rows.int(11)),
            current: current, keyCurrent: keyCurrent,
            item: current && rows.isNull(8) ? rows.utf8(13) : []))
        if batch.count == batchSize {
          try body(batch)
          batch.removeAll(keepingCapacity: true)
        }
      }
      if !batch.isEmpty { try body(batch) }
    }
  }

  private func keyCurrentProbe() throws -> (Int64, Int64, String, String) throws -> Bool {
    let probe = try db.prepare(
      """
      SELECT 1 FROM items j WHERE j.table_id = ?1 AND j.pk = ?3 AND j.sk = ?4 AND \(ItemSelection.inState("?2", item: "j")) LIMIT 1
      """)
    return { table, latest, pk, sk in
      try probe.bind([.int(table), .int(latest), .text(pk), .text(sk)])
      defer { try? probe.reset() }
      return try probe.step()
    }
  }

  /// The stored `hash` of the current record(s) of a chain at `seq` (more than one: a fork).
  package func chainHashes(table: Int64, latest: Int64, chain: String, seq: Int64) throws -> [String] {
    try run {
      let s = try db.prepare(
        """
        SELECT i.hash FROM items i
        WHERE i.table_id = ?1 AND i.chain_id = ?3 AND i.seq = ?4 AND i.hash IS NOT NULL
          AND \(ItemSelection.inState("?2"))
        ORDER BY i.id
        """)
      try s.bind([.int(table), .int(latest), .text(chain), .int(seq)])
      var hashes: [String] = []
      while try s.step() { hashes.append(s.text(0)) }
      return hashes
    }
  }

  /// The `prevHash` of the current record of a chain at `seq` (the first, if forked).
  package func chainPrevHash(table: Int64, latest: Int64, chain: String, seq: Int64) throws -> String? {
    try run {
      let s = try db.prepare(
        """
        SELECT i.prev_hash FROM items i
        WHERE i.table_id = ?1 AND i.chain_id = ?3 AND i.seq = ?4 AND i.prev_hash IS NOT NULL AND \(ItemSelection.inState("?2"))
        ORDER BY i.id LIMIT 1
        """)
      try s.bind([.int(table), .int(latest), .text(chain), .int(seq)])
      return try s.step() ? s.optionalText(0) : nil
    }
  }

  /// The current version of the item with keys `pk`/`sk`, as a chain record: its chain id,
  /// seq, stored hash and canonical JSON (nil when absent, or not a chained record).
  package func chainRecord(table: Int64, latest: Int64, pk: String, sk: String) throws -> (chain: String, seq: Int64, hash: String, item: [UInt8])? {
    try run {
      let s = try db.prepare(
        """
        SELECT i.chain_id, i.seq, i.hash, i.item FROM items i
        WHERE i.table_id = ?1 AND i.pk = ?3 AND i.sk = ?4 AND i.chain_id IS NOT NULL AND i.seq IS NOT NULL AND i.hash IS NOT NULL
          AND i.noncanonical IS NULL AND \(ItemSelection.inState("?2"))
        ORDER BY i.id DESC LIMIT 1
        """)
      try s.bind([.int(table), .int(latest), .text(pk), .text(sk)])
      guard try s.step() else { return nil }
      return (s.text(0), s.int(1), s.text(2), s.utf8(3))
    }
  }

  /// The current records of a chain after seq `after` whose record time is before `cutoff`
  /// (ms): records a checkpoint taken at `cutoff` should have held, had they existed then.
  package func chainRecordsBefore(
    table: Int64, latest: Int64, chain: String, after: Int64, cutoff: Int64
  ) throws -> [(seq: Int64, time: Int64, pk: String, sk: String)] {
    try run {
      let s = try db.prepare(
        """
        SELECT i.seq, i.record_time, i.pk, i.sk FROM items i
        WHERE i.table_id = ?1 AND i.chain_id = ?3 AND i.seq > ?4 AND i.record_time < ?5 AND \(ItemSelection.inState("?2"))
        ORDER BY i.seq, i.id
        """)
      try s.bind([.int(table), .int(latest), .text(chain), .int(after), .int(cutoff)])
      var rows: [(seq: Int64, time: Int64, pk: String, sk: String)] = []
      while try s.step() { rows.append((s.int(0), s.int(1), s.text(2), s.text(3))) }
      return rows
    }
  }

  /// The ARN of a table, from its latest import that named one (S3 exports do).
  package func tableArn(table: Int64) throws -> String? {
    try run {
      let s = try db.prepare("SELECT table_arn FROM imports WHERE table_id = ? AND table_arn IS NOT NULL ORDER BY id DESC LIMIT 1")
      try s.bind([.int(table)])
      return try s.step() ? s.optionalText(0) : nil
    }
  }

  /// The current records of a chain from seq `from` on, in seq order: what a checkpoint
  /// appends to its log (docs/checkpoint.md).
  package func forEachChainRecord(
    table: Int64, latest: Int64, chain: String, from: Int64,
    _ body: (_ seq: Int64, _ hash: String, _ prevHash: String, _ ttl: Int64?) throws -> Void
  ) throws {
    try run {
      let s = try db.prepare(
        """
        SELECT i.seq, i.hash, i.prev_hash, i.ttl FROM items i
        WHERE i.table_id = ?1 AND i.chain_id = ?3 AND i.seq >= ?4 AND i.hash IS NOT NULL AND i.prev_hash IS NOT NULL
          AND \(ItemSelection.inState("?2"))
        ORDER BY i.seq, i.id
        """)
      try s.bind([.int(table), .int(latest), .text(chain), .int(from)])
      while try s.step() { try body(s.int(0), s.text(1), s.text(2), s.optionalInt(3)) }
    }
  }

  /// The current records of a chain whose `prevHash` is `prevHash` (to confirm a fork).
  package func seqs(table: Int64, latest: Int64, chain: String, prevHash: String) throws -> [Int64] {
    try run {
      let s = try db.prepare(
        """
        SELECT i.seq FROM items i
        WHERE i.table_id = ?1 AND i.chain_id = ?3 AND i.prev_hash = ?4 AND i.seq IS NOT NULL
          AND \(ItemSelection.inState("?2"))
        ORDER BY i.seq
        """)
      try s.bind([.int(table), .int(latest), .text(chain), .text(prevHash)])
      var seqs: [Int64] = []
      while try s.step() { seqs.append(s.int(0)) }
      return seqs
    }
  }

  /// Calls `body` with the versions (oldest first) of every key of `table` that has more than one.
  package func forEachChangedKey(table: Int64, latest: Int64, _ body: (_ pk: String, _ sk: String, [ItemVersion]) throws -> Void) throws {
    try run {
      let keys = try db.prepare("SELECT pk, sk FROM items WHERE table_id = ? GROUP BY pk, sk HAVING count(*) > 1")
      try keys.bind([.int(table)])
      let versions = try db.prepare(
        """
        SELECT i.id, i.item, i.noncanonical, i.first_import, \(SeenTimes.spansSQL), i.chain_id, i.seq,
               \(ItemSelection.inState("?2"))
        FROM items i WHERE i.table_id = ?1 AND i.pk = ?3 AND i.sk = ?4
        ORDER BY i.id
        """)
      let seen = SeenTimes(try importPoints(table: table))
      while try keys.step() {
        let pk = keys.text(0), sk = keys.text(1)
        try versions.bind([.int(table), .int(latest), .text(pk), .text(sk)])
        var list: [ItemVersion] = []
        while try versions.step() {
          let (first, last) = seen.range(spans: SeenTimes.spans(versions.optionalText(4)), written: versions.int(3))
          list.append(
            ItemVersion(
              id: versions.int(0), item: versions.utf8(1), noncanonical: versions.optionalText(2),
              firstSeen: first, lastSeen: last, chainID: versions.optionalText(5),
              seq: versions.optionalInt(6), current: versions.int(7) != 0))
        }
        try versions.reset()
        // Oldest first: by when they were first seen, then in the order they were written.
        list.sort { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }
        try body(pk, sk, list)
      }
    }
  }

  /// Current items (seen by import `latest`) stored without a canonical form, with the reason.
  package func forEachNoncanonical(table: Int64, latest: Int64, _ body: (_ pk: String, _ sk: String, _ reason: String) throws -> Void) throws {
    try run {
      let s = try db.prepare(
        """
        SELECT i.pk, i.sk, i.noncanonical FROM items i
        WHERE i.table_id = ?1 AND i.noncanonical IS NOT NULL
          AND \(ItemSelection.inState("?2"))
        ORDER BY i.pk, i.sk
        """)
      try s.bind([.int(table), .int(latest)])
      while try s.step() { try body(s.text(0), s.text(1), s.text(2)) }
    }
  }

  /// Items of import `latest` whose key no other import saw (the import opened their only
  /// span, and wrote every version of the key), and whose record time lies before `cutoff`.
  package func forEachBackdated(
    table: Int64, latest: Int64, cutoff: Int64,
    _ body: (_ pk: String, _ sk: String, _ recordTime: Int64, _ chainID: String?, _ seq: Int64?) throws -> Void
  ) throws {
    try run {
      let s = try db.prepare(
        """
        SELECT i.pk, i.sk, i.record_time, i.chain_id, i.seq FROM items i
        WHERE i.table_id = ?1 AND i.record_time < ?3
          AND EXISTS (SELECT 1 FROM spans s WHERE s.table_id = ?1 AND s.item_id = i.id AND s.from_import = ?2)
          AND NOT EXISTS (
            SELECT 1 FROM items j WHERE j.table_id = ?1 AND j.pk = i.pk AND j.sk = i.sk
              AND (j.first_import != ?2 OR EXISTS (SELECT 1 FROM spans t WHERE t.table_id = ?1 AND t.item_id = j.id AND t.from_import != ?2)))
        """)
      try s.bind([.int(table), .int(latest), .int(cutoff)])
      while try s.step() { try body(s.text(0), s.text(1), s.int(2), s.optionalText(3), s.optionalInt(4)) }
    }
  }
}

extension AuditStore {
  /// A change event as the store spells it; any other spelling is a corrupt store.
  func changeEvent(_ text: String) throws -> ChangeEvent {
    guard let event = ChangeEvent(rawValue: text) else {
      throw DDBAuditError.corruptStore(path: path, message: "a change of unknown event \"\(text)\"")
    }
    return event
  }

  /// The table's recorded MODIFY events, and its REMOVE events from streams that were not TTL
  /// deletions, in time order.
  package func changeEvents(table: Int64) throws -> [ChangeEventRow] {
    try run {
      let s = try db.prepare(
        """
        SELECT c.pk, c.sk, c.event, c.at, c.event_id, m.source, c.line, i.chain_id, i.seq
        FROM changes c JOIN imports m ON m.id = c.import_id LEFT JOIN items i ON i.id = c.item_id
        WHERE c.table_id = ?1 AND (c.event = 'MODIFY' OR (c.event = 'REMOVE' AND c.ttl_deletion = 0 AND m.kind = 'stream'))
        ORDER BY c.at, c.id
        """)
      try s.bind([.int(table)])
      var rows: [ChangeEventRow] = []
      while try s.step() {
        rows.append(
          ChangeEventRow(
            pk: s.text(0), sk: s.text(1), event: try changeEvent(s.text(2)), at: s.optionalInt(3), eventID: s.optionalText(4), source: s.text(5),
            line: s.optionalInt(6), chainID: s.optionalText(7), seq: s.optionalInt(8)))
      }
      return rows
    }
  }
}
