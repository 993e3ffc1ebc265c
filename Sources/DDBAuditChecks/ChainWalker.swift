import DDBAuditModel
import DDBAuditStore
/// Checks one chain (spec §4–§5) from its rows in seq order: present records, and the
/// versions earlier imports saw that are gone now.
///
/// It keeps only the previous seq's records and a compact index of `prevHash` values, so a
/// chain of any length streams through.
struct ChainWalker {
  let chainID: String
  let context: TableContext
  private(set) var findings: [Finding] = []
  private(set) var records: Int64 = 0

  /// Why seqs are absent from the current state.
  enum Absence: Equatable {
    /// No import ever saw a record with this seq.
    case unseen
    /// An earlier import saw it, and its ttl had not passed when it was found gone.
    case deleted
    /// An earlier import saw it, and its ttl had passed: legitimately expired.
    case expired
  }
  struct Run {
    var absence: Absence
    var from: Int64
    var to: Int64
    /// The record's key, when an earlier import saw this single record.
    var key: ItemKey? = nil
    var count: Int64 { to - from + 1 }
  }

  private var firstPresent: Int64? = nil
  private var head: Int64? = nil
  /// Every seq up to this one has been accounted for.
  private var covered: Int64 = 0
  private var previous: (seq: Int64, hashes: [String], time: Int64?)? = nil
  private var pending: [Run] = []
  private var group: [(row: ChainRow, computed: String?)] = []
  /// First 64 bits of each present record's `prevHash`, to the record's seq (FORK detection).
  private var prevHashes: [UInt64: Int64] = [:]

  init(chainID: String, context: TableContext) {
    self.chainID = chainID
    self.context = context
  }

  private var table: String { context.table.name }

  /// The chain as walked (its finding count is filled in by the verifier).
  var status: ChainStatus {
    ChainStatus(
      table: table, chain: chainID, records: records, firstSeq: firstPresent, headSeq: head,
      headHash: previous?.hashes.first, findings: 0)
  }

  private mutating func report(
    _ code: FindingCode, seq: Int64? = nil, seqEnd: Int64? = nil, key: ItemKey? = nil, _ detail: String
  ) {
    findings.append(Finding(code, table: table, chain: chainID, seq: seq, seqEnd: seqEnd, key: key, detail: detail))
  }

  mutating func add(_ row: ChainRow, computed: String?) throws {
    if let problem = row.unchained {
      if row.current {
        records += 1
        report(.unchained, seq: row.seq, key: context.key(row.pk, row.sk), problem)
      }
      return
    }
    guard let seq = row.seq else { return }
    if let first = group.first, first.row.seq != seq { try flushGroup() }
    group.append((row, computed))
  }

  mutating func finish() throws {
    try flushGroup()
    guard !pending.isEmpty else { return }
    if let head {
      if pending.allSatisfy({ $0.absence == .expired }) {
        reportRuns()
      } else {
        report(
          .truncatedTail, seq: head + 1, seqEnd: covered,
          "an earlier import saw this chain up to seq \(covered); it now ends at seq \(head)")
      }
    } else {
      reportRuns()  // the whole chain is gone
    }
    pending = []
  }

  // MARK: Seq groups

  private mutating func flushGroup() throws {
    guard let seq = group.first?.row.seq else { return }
    defer {
      group = []
      covered = seq
    }
    if seq > covered + 1 { addAbsence(.unseen, covered + 1, seq - 1) }
    let present = group.filter { $0.row.current }
    let gone = group.filter { !$0.row.current && !$0.row.keyCurrent }.map(\.row)
    let replaced = group.contains { !$0.row.current && $0.row.keyCurrent }
    if present.isEmpty {
      let allExpired = !replaced && gone.allSatisfy { context.expired(ttl: $0.ttl, lastSeen: $0.lastSeen) }
      let seen = group.map(\.row).first
      addAbsence(allExpired ? .expired : .deleted, seq, seq, key: seen.map { context.key($0.pk, $0.sk) })
      return
    }
    flushPending(before: seq)
    try checkPresent(seq, present, gone: gone)
  }

  private mutating func addAbsence(_ absence: Absence, _ from: Int64, _ to: Int64, key: ItemKey? = nil) {
    if var last = pending.last, last.absence == absence, last.to + 1 == from {
      last.to = to
      last.key = nil
      pending[pending.count - 1] = last
    } else {
      pending.append(Run(absence: absence, from: from, to: to, key: key))
    }
  }

  static func range(_ from: Int64, _ to: Int64) -> String { from == to ? "seq \(from)" : "seq \(from)–\(to)" }

  /// Reports the absent seqs before a present record at `seq`: the chain's start, or a gap.
  private mutating func flushPending(before seq: Int64) {
    guard !pending.isEmpty else { return }
    defer { pending = [] }
    guard firstPresent == nil else {
      // A gap with records on both sides: spec §5 lets only a chain's oldest records expire.
      reportRuns(inside: true)
      return
    }
    let unseen = pending.filter { $0.absence == .unseen }.reduce(Int64(0)) { $0 + $1.count }
    let deleted = pending.contains { $0.absence == .deleted }
    reportRuns(unseenAsMissing: false)
    if unseen > 0 {
      let first = group.first { $0.row.current }?.row
      var age = ""
      if let time = first?.recordTime {
        age = "; the first present record is from \(Timestamp.iso8601(milliseconds: time)), \((context.asOf - time) / 86_400_000) days before as-of"
      }
      report(
        .unanchoredHead, seq: 1, seqEnd: seq - 1,
        "the chain starts at seq \(seq); nothing shows that \(unseen) of the \(seq - 1) earlier records expired (no import saw them)\(age)")
    } else if !deleted {
      report(
        .truncatedByRetention, seq: 1, seqEnd: seq - 1,
        "the chain starts at seq \(seq); earlier imports saw seq 1–\(seq - 1), and their ttl had passed when they were found gone")
    }
  }

  /// Reports the pending runs: expired ones as `EXPIRED`, deleted (and, inside a chain,
  /// unseen) ones as `MISSING`, adjacent missing runs merged. `inside`: the runs lie between
  /// present records, where even a record whose ttl passed is `MISSING` (a middle record's
  /// ttl shortened, then let expire, is a deletion in disguise).
  private mutating func reportRuns(unseenAsMissing: Bool = true, inside: Bool = false) {
    var missing: (from: Int64, to: Int64, seen: Int64, key: ItemKey?)? = nil
    func flushMissing(_ walker: inout ChainWalker) {
      guard let m = missing else { return }
      let count = m.to - m.from + 1
      let what =
        m.seen == count
        ? "seen in an earlier import with a ttl still in the future when found gone: deleted early"
        : m.seen == 0 ? "never seen in any import" : "\(m.seen) seen in an earlier import with a ttl still in the future, \(count - m.seen) never seen"
      walker.report(
        .missing, seq: m.from, seqEnd: m.to, key: m.key,
        "\(count) record\(count == 1 ? "" : "s") absent (\(Self.range(m.from, m.to))): \(what)")
      missing = nil
    }
    for run in pending {
      switch run.absence {
      case .expired where inside:
        flushMissing(&self)
        report(
          .missing, seq: run.from, seqEnd: run.to, key: run.key,
          "\(run.count) record\(run.count == 1 ? "" : "s") absent (\(Self.range(run.from, run.to))) between present records: gone after "
            + "\(run.count == 1 ? "its" : "their") ttl passed, but only a chain's oldest records may expire (spec §5), so this is a deletion")
      case .expired:
        flushMissing(&self)
        report(
          .expired, seq: run.from, seqEnd: run.to,
          key: run.key, "\(run.count) record\(run.count == 1 ? "" : "s") (\(Self.range(run.from, run.to))) gone after the ttl passed")
      case .deleted, .unseen:
        if run.absence == .unseen && !unseenAsMissing {
          flushMissing(&self)
          continue
        }
        let seen = run.absence == .deleted ? run.count : 0
        if let m = missing, m.to + 1 == run.from {
          missing = (m.from, run.to, m.seen + seen, nil)
        } else {
          flushMissing(&self)
          missing = (run.from, run.to, seen, run.key)
        }
      }
    }
    flushMissing(&self)
  }

  /// Checks the records present at `seq`: hash, link, order, forks; and versions gone from it.
  private mutating func checkPresent(_ seq: Int64, _ present: [(row: ChainRow, computed: String?)], gone: [ChainRow]) throws {
    if firstPresent == nil { firstPresent = seq }
    records += Int64(present.count)
    if present.count > 1 {
      let keys = present.map { context.key($0.row.pk, $0.row.sk).text }
      for record in present.dropFirst() {
        report(
          .fork, seq: seq, key: context.key(record.row.pk, record.row.sk),
          "\(present.count) records hold seq \(seq): \(keys.joined(separator: " | "))")
      }
    }
    for (row, computed) in present {
      let key = context.key(row.pk, row.sk)
      if let reason = row.noncanonical {
        report(.noncanonical, seq: seq, key: key, reason)
      } else if let computed, computed != row.hash {
        report(.modified, seq: seq, key: key, "stored hash \(row.hash ?? "") but the record hashes to \(computed)")
      }
      guard let prevHash = row.prevHash else { continue }
      if seq == 1 {
        if prevHash != RecordHash.genesis {
          report(.brokenLink, seq: seq, key: key, "seq 1 must carry prevHash \(RecordHash.genesis), not \(prevHash)")
        }
      } else if let previous, previous.seq == seq - 1 {
        if !previous.hashes.contains(prevHash) {
          report(
            .brokenLink, seq: seq, key: key,
            "prevHash \(prevHash) is not the hash of seq \(seq - 1) (\(previous.hashes.joined(separator: " or ")))")
        }
        if let time = row.recordTime, let before = previous.time, time < before {
          report(
            .reordered, seq: seq, key: key,
            "recorded at \(Timestamp.iso8601(milliseconds: time)), before seq \(seq - 1) at \(Timestamp.iso8601(milliseconds: before))")
        }
      }
      let prefix = UInt64(prevHash.prefix(16), radix: 16) ?? 0
      if let other = prevHashes[prefix], other != seq {
        let seqs = Set(try context.store.seqs(table: context.table.id, latest: context.latest.id, chain: chainID, prevHash: prevHash))
        if seqs.count > 1 {
          report(
            .fork, seq: seq, key: key,
            "prevHash \(prevHash) is named by seq \(seqs.sorted().map(String.init).joined(separator: " and "))")
        }
      } else {
        prevHashes[prefix] = seq
      }
    }
    for row in gone where !context.expired(ttl: row.ttl, lastSeen: row.lastSeen) {
      let holders = present.map { context.key($0.row.pk, $0.row.sk).text }.joined(separator: " | ")
      report(
        .missing, seq: seq, key: context.key(row.pk, row.sk),
        "seen in the export of \(Timestamp.iso8601(milliseconds: row.lastSeen)) with a ttl still in the future, now gone; seq \(seq) is held by \(holders)")
    }
    previous = (seq, present.compactMap(\.row.hash), present.compactMap(\.row.recordTime).max())
    head = seq
  }
}
