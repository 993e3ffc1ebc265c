import DDBAuditModel
import DDBAuditStore

/// Compares a table's current state with a trusted checkpoint of it (docs/checkpoint.md §4):
/// every chain the checkpoint recorded must still reach its head with the same hash, and
/// whatever was cut from its start must be shown expired by the TTL bounds the checkpoint
/// signed, never by the export being judged.
struct CheckpointComparison {
  let trusted: TrustedCheckpoint
  let context: TableContext
  private(set) var findings: [Finding] = []
  /// Chains whose missing start the checkpoint proves expired: their `UNANCHORED_HEAD`
  /// becomes `TRUNCATED_BY_RETENTION`.
  private(set) var provenStarts: [[UInt8]: String] = [:]

  /// Each chain's first record that differs from its signed leaf, when the leaves are at hand.
  let leaves: LeafCheck?

  init(trusted: TrustedCheckpoint, context: TableContext, leaves: LeafCheck? = nil) {
    self.trusted = trusted
    self.context = context
    self.leaves = leaves
  }

  private var table: String { context.table.name }
  /// The time of the export judged, in epoch seconds (TTLs are in seconds).
  private var exportSeconds: Int64 { context.latest.seenAt / 1000 }
  private var exportName: String { context.importName(at: context.latest.seenAt) }

  private mutating func report(_ code: FindingCode, chain: String, seq: Int64?, seqEnd: Int64? = nil, _ detail: String) {
    findings.append(Finding(code, table: table, chain: chain, seq: seq, seqEnd: seqEnd, detail: detail))
  }

  mutating func compare(with chains: [ChainStatus], backdateTolerance: Int64) throws {
    var present: [[UInt8]: ChainStatus] = [:]
    for status in chains { present[Array(status.chain.utf8)] = status }
    let older = context.latest.seenAt < trusted.state.exportTime
    let replay =
      older
      ? "; \(exportName) is older than the checkpoint: an earlier export replayed?" : ""
    for chain in trusted.state.chains {
      guard let now = present[Array(chain.chain.utf8)], let first = now.firstSeq, let head = now.headSeq else {
        vanished(chain)
        continue
      }
      present[Array(chain.chain.utf8)] = nil
      if head < chain.head {
        report(
          .truncatedTail, chain: chain.chain, seq: head + 1, seqEnd: chain.head,
          "\(trusted.name) recorded this chain up to seq \(chain.head) (hash \(chain.headHash)); it now ends at seq \(head)\(replay)")
      } else {
        try compareHead(chain, now: now)
      }
      if first > chain.first {
        prefixGone(chain, from: chain.first, to: min(first - 1, chain.head), firstPresent: first)
      } else if first < chain.first {
        report(
          .backdated, chain: chain.chain, seq: first, seqEnd: chain.first - 1,
          "\(trusted.name) recorded this chain starting at seq \(chain.first); seq \(ChainWalker.range(first, chain.first - 1)) appeared since")
      } else if chain.startProven {
        provenStarts[Array(chain.chain.utf8)] = "\(trusted.name) records that seq 1–\(chain.first - 1) had expired"
      }
      try findSlippedIn(chain: chain.chain, after: chain.head, tolerance: backdateTolerance)
    }
    // Chains the checkpoint did not know: none of their records may predate it.
    for status in chains where present[Array(status.chain.utf8)] != nil {
      try findSlippedIn(chain: status.chain, after: 0, tolerance: backdateTolerance)
    }
  }

  /// Records after the head the checkpoint recorded (for a chain it did not know, any
  /// record) that are dated before its export, less the tolerance: that export should have
  /// held them, so they were slipped in since.
  private mutating func findSlippedIn(chain: String, after: Int64, tolerance: Int64) throws {
    let cutoff = trusted.state.exportTime - tolerance
    for record in try context.store.chainRecordsBefore(table: context.table.id, latest: context.latest.id, chain: chain, after: after, cutoff: cutoff) {
      findings.append(
        Finding(
          .backdated, table: table, chain: chain, seq: record.seq, key: context.key(record.pk, record.sk),
          detail:
            "recorded at \(Timestamp.iso8601(milliseconds: record.time)), before the export of \(Timestamp.iso8601(milliseconds: trusted.state.exportTime)) that \(trusted.name) signed, "
            + (after == 0 ? "which knew no such chain" : "which ended this chain at seq \(after)") + ": slipped in since"))
    }
  }

  /// With the checkpoint's leaves, every record was compared with its signed leaf as verify
  /// walked the chain: the first that differs is `MODIFIED`. Without them, the head the
  /// checkpoint recorded must be there with the same hash.
  private mutating func compareHead(_ chain: ChainState.Chain, now: ChainStatus) throws {
    if let leaves {
      guard let m = leaves.first[Array(chain.chain.utf8)] else { return }
      findings.append(
        Finding(
          .modified, table: table, chain: chain.chain, seq: m.seq, key: context.key(m.pk, m.sk),
          detail: "\(trusted.name) signed seq \(m.seq) with hash \(m.signed); it now has hash \(m.now): the record changed since (the first of this chain that did)"))
      return
    }
    let hashes = try context.store.chainHashes(table: context.table.id, latest: context.latest.id, chain: chain.chain, seq: chain.head)
    guard !hashes.isEmpty, !hashes.contains(chain.headHash) else { return }  // absent: the walker reports MISSING
    report(
      .modified, chain: chain.chain, seq: chain.head,
      "\(trusted.name) recorded the head seq \(chain.head) with hash \(chain.headHash); it now has hash \(hashes.joined(separator: " or ")): "
        + "the chain was rewritten at or before it (the checkpoint's leaves file would say where)")
  }

  /// Seq `from ... to` of the checkpoint are gone from the chain's start.
  private mutating func prefixGone(_ chain: ChainState.Chain, from: Int64, to: Int64, firstPresent: Int64) {
    switch judge(chain, through: to) {
    case .expired(let bound):
      if chain.startProven && to == firstPresent - 1 {
        provenStarts[Array(chain.chain.utf8)] =
          "\(trusted.name) records every ttl of seq \(from)–\(to) at or before \(Timestamp.iso8601(seconds: bound)), before \(exportName)"
          + (from > 1 ? ", and that seq 1–\(from - 1) had expired before it" : "")
      }
    case .notExpired(let bound):
      report(
        .missing, chain: chain.chain, seq: from, seqEnd: to,
        "\(to - from + 1) record\(to == from ? "" : "s") (\(ChainWalker.range(from, to))) recorded by \(trusted.name) are gone, but it records a ttl "
          + "of \(Self.time(bound)) among them, after \(exportName): deleted before the ttl passed")
    case .undecided(let lower, let upper):
      report(
        .unanchoredHead, chain: chain.chain, seq: from, seqEnd: to,
        "\(ChainWalker.range(from, to)) recorded by \(trusted.name) are gone; it bounds their largest ttl between \(lower.map(Self.time) ?? "nothing") "
          + "and \(Self.time(upper)), so whether they had expired by \(exportName) cannot be told")
    }
  }

  /// A chain the checkpoint recorded has no record left.
  private mutating func vanished(_ chain: ChainState.Chain) {
    switch judge(chain, through: chain.head) {
    case .expired(let bound):
      report(
        .expired, chain: chain.chain, seq: chain.first, seqEnd: chain.head,
        "the whole chain (\(ChainWalker.range(chain.first, chain.head))) is gone, and \(trusted.name) records every ttl at or before \(Timestamp.iso8601(seconds: bound))")
    case .notExpired, .undecided:
      report(
        .missing, chain: chain.chain, seq: chain.first, seqEnd: chain.head,
        "the whole chain (\(ChainWalker.range(chain.first, chain.head)), head hash \(chain.headHash)) recorded by \(trusted.name) is gone from \(exportName), "
          + "and the checkpoint does not show that its records had expired")
    }
  }

  enum Judgement {
    case expired(bound: Int64)
    /// `bound`: a TTL after the export (`Int64.max`: a record without one).
    case notExpired(bound: Int64)
    case undecided(lower: Int64?, upper: Int64)
  }

  /// Whether every record of `chain` up to `seq` had expired by the export judged, by the
  /// TTL bounds the checkpoint signed.
  func judge(_ chain: ChainState.Chain, through seq: Int64) -> Judgement {
    let bounds = chain.ttlBounds(through: seq)
    if bounds.upper <= exportSeconds { return .expired(bound: bounds.upper) }
    if let lower = bounds.lower, lower > exportSeconds { return .notExpired(bound: lower) }
    return .undecided(lower: bounds.lower, upper: bounds.upper)
  }

  static func time(_ seconds: Int64) -> String { seconds == .max ? "never (no ttl)" : Timestamp.iso8601(seconds: seconds) }
}
