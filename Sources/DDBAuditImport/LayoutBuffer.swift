import DDBAuditStore

/// Holds about 8 MiB of an export's items and hands them to the store in chain order (chain
/// id, then seq) or, for unchained tables, in key order, so that the store lays each run out
/// the way `verify` and queries read it.
///
/// DynamoDB exports come in no order. Written as they arrive, a chain's records end up
/// scattered over the whole file, and `verify`, which walks every chain in seq order, reads one
/// page per record. Sorted in runs, a chain is a few sequential stretches (one per run). The
/// order only places rows: no result depends on it.
struct LayoutBuffer {
  static let byteLimit = 8 << 20
  private var items: [StoredItem] = []
  /// Per item: the chain id (or partition key), a 0 byte, then the sort key, as UTF-8.
  private var keys: [[UInt8]] = []
  private var seqs: [Int64] = []
  private var bytes = 0

  /// Adds an item; true when the buffer is full and must be drained.
  mutating func append(_ item: StoredItem) -> Bool {
    var key = Array((item.chain?.chainID ?? item.pk).utf8)
    key.append(0)
    key += item.sk.utf8
    bytes += item.json.count + 2 * key.count + 160
    keys.append(key)
    seqs.append(item.chain?.seq ?? .min)
    items.append(item)
    return bytes >= Self.byteLimit
  }

  /// Calls `body` with every item held, in layout order, and empties the buffer.
  mutating func drain(_ body: (StoredItem) throws -> Void) throws {
    // Byte order of the UTF-8: an arrangement of rows, not a comparison of names. The position
    // in the export breaks ties, so that equal keys keep their order.
    let order = keys.withUnsafeBufferPointer { keys in
      seqs.withUnsafeBufferPointer { seqs in
        Array(keys.indices).sorted { a, b in
          let chain = Self.compare(keys[a], keys[b], upToZero: true)
          if chain != 0 { return chain < 0 }
          if seqs[a] != seqs[b] { return seqs[a] < seqs[b] }
          let key = Self.compare(keys[a], keys[b], upToZero: false)
          return key != 0 ? key < 0 : a < b
        }
      }
    }
    try items.withUnsafeBufferPointer { items in
      for k in order { try body(items[k]) }
    }
    discard()
  }

  /// The order of two keys (with `upToZero`, of their chain parts, up to the 0 byte):
  /// negative, zero or positive.
  private static func compare(_ x: [UInt8], _ y: [UInt8], upToZero: Bool) -> Int {
    for (a, b) in zip(x, y) {
      if a != b { return Int(a) - Int(b) }
      if upToZero && a == 0 { return 0 }
    }
    return x.count - y.count
  }

  private mutating func discard() {
    items.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    seqs.removeAll(keepingCapacity: true)
    bytes = 0
  }
}
