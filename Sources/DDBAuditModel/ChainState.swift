/// What a checkpoint signs besides its root (docs/checkpoint.md): for every chain of the
/// table, where it starts and ends, which leaves of the log hold its records, and bounds on
/// its records' TTLs; and the tree's right edge, so that the next checkpoint can extend the
/// log without the old store. Its SHA-256 is an extension line of the signed checkpoint.
package struct ChainState: Sendable, Equatable {
  package static let format = "ddbaudit-chain-state/v1"
  /// Neighbouring TTL marks differ by at most this much (seconds), unless one record apart.
  package static let ttlGranularity: Int64 = 3600

  package var origin: String
  package var table: String
  /// The point in time of the import the checkpoint signs (ms).
  package var exportTime: Int64
  package var range: CompactRange
  /// The SHA-256 (hex) of the leaves file, which holds every leaf's data; nil when the log
  /// was extended without it (proofs then need a checkpoint that has it).
  package var leavesDigest: String?
  /// By chain id, in UTF-16 order.
  package var chains: [Chain]

  package var size: UInt64 { range.size }

  /// One chain's state.
  package struct Chain: Sendable, Equatable {
    package var chain: String
    /// The first retained seq, and the `prevHash` it carries (the seam with what expired).
    package var first: Int64
    package var firstPrevHash: String
    /// Whether seq 1 ..< first were shown to have expired (or first is 1).
    package var startProven: Bool
    package var head: Int64
    package var headHash: String
    /// Where its records are in the log: seq `seq` ..< `seq + count` are leaves `index` …
    package var leaves: [LeafRun]
    /// The running maximum of the records' TTLs from `first` on, exact at each mark's seq.
    package var ttl: [TTLMark]

    package init(
      chain: String, first: Int64, firstPrevHash: String, startProven: Bool, head: Int64, headHash: String, leaves: [LeafRun],
      ttl: [TTLMark]
    ) {
      self.chain = chain
      self.first = first
      self.firstPrevHash = firstPrevHash
      self.startProven = startProven
      self.head = head
      self.headHash = headHash
      self.leaves = leaves
      self.ttl = ttl
    }
  }

  package struct LeafRun: Sendable, Equatable {
    package var seq: Int64
    package var index: UInt64
    package var count: Int64
    package init(seq: Int64, index: UInt64, count: Int64) {
      self.seq = seq
      self.index = index
      self.count = count
    }
  }

  /// `through`: a seq; `bound`: the largest TTL (epoch seconds) of the chain's records from
  /// its first retained one to `through`; nil when one of them has no TTL (never expires).
  package struct TTLMark: Sendable, Equatable {
    package var through: Int64
    package var bound: Int64?
    package init(through: Int64, bound: Int64?) {
      self.through = through
      self.bound = bound
    }
  }

  package init(origin: String, table: String, exportTime: Int64, range: CompactRange, leavesDigest: String?, chains: [Chain]) {
    self.origin = origin
    self.table = table
    self.exportTime = exportTime
    self.range = range
    self.leavesDigest = leavesDigest
    self.chains = chains
  }
}

extension ChainState.Chain {
  /// The leaf index of the record with `seq`, if the log holds it.
  package func leafIndex(seq: Int64) -> UInt64? {
    for run in leaves where seq >= run.seq && seq < run.seq + run.count {
      return run.index + UInt64(seq - run.seq)
    }
    return nil
  }

  /// Bounds on the largest TTL (epoch seconds) of the records `first ... seq`: at least
  /// `lower` (nil: no bound known) and at most `upper`; `Int64.max` stands for a record
  /// without a TTL (it never expires), and for a seq past the last mark.
  package func ttlBounds(through seq: Int64) -> (lower: Int64?, upper: Int64) {
    var lower: Int64? = nil
    for mark in ttl {
      let bound = mark.bound ?? .max
      if mark.through == seq { return (bound, bound) }
      if mark.through > seq { return (lower, bound) }
      lower = bound
    }
    return (lower, .max)
  }

  /// Adds the TTL of the record at `seq` (the chain's next one) to the marks. The last mark
  /// is always the running maximum so far; it moves forward while it stays within
  /// `granularity` of the mark before it, and a new mark starts when it would not. So any
  /// two neighbouring marks differ by at most `granularity`, or are one record apart.
  package mutating func addTTL(seq: Int64, ttl value: Int64?, granularity: Int64 = ChainState.ttlGranularity) {
    guard let last = ttl.last else {
      ttl.append(ChainState.TTLMark(through: seq, bound: value))
      return
    }
    let running = last.bound.flatMap { bound in value.map { max(bound, $0) } }
    if ttl.count >= 2, Self.within(ttl[ttl.count - 2].bound, running, granularity) {
      ttl[ttl.count - 1] = ChainState.TTLMark(through: seq, bound: running)
    } else {
      ttl.append(ChainState.TTLMark(through: seq, bound: running))
    }
  }

  /// Forgets what lies before `first`, the new first retained seq: runs and marks wholly
  /// before it (the last mark before it stays, as a lower bound for what follows).
  package mutating func retain(from first: Int64, prevHash: String) {
    self.first = first
    firstPrevHash = prevHash
    leaves.removeAll { $0.seq + $0.count <= first }
    if let keep = ttl.lastIndex(where: { $0.through < first }) { ttl.removeFirst(keep) }
  }

  /// Whether `b` exceeds `a` by at most `limit` (nil is infinity).
  static func within(_ a: Int64?, _ b: Int64?, _ limit: Int64) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case (nil, _?), (_?, nil): false
    case (let a?, let b?):
      b.subtractingReportingOverflow(a).overflow ? false : b - a <= limit
    }
  }
}
