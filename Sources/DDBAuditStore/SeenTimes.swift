/// When the imports of one table first and last saw a version, derived from its validity
/// spans (docs/store.md), without a per-item time that every import would have to update.
///
/// A version is *seen* by the import that opened its span (a whole-table import that held it,
/// or a change that wrote it) and by every whole-table import inside the span. A change import
/// inside the span carries the version over without seeing it. A version without spans (an old
/// image that a change record carried) was seen only by the import that wrote it.
struct SeenTimes {
  /// The table's imports in id order, with their point in time and whether they see.
  private let ids: [Int64]
  private let seenAt: [Int64]
  /// Range minimum and maximum of `seenAt` over the whole-table imports (sparse tables:
  /// level k holds the extremes of 2^k imports from each index). Change imports hold
  /// `Int64.max` in `lows` and `Int64.min` in `highs`, so that they never count.
  private let lows: [[Int64]]
  private let highs: [[Int64]]

  init(_ points: [ImportPoint]) {
    let sorted = points.sorted { $0.id < $1.id }
    ids = sorted.map(\.id)
    seenAt = sorted.map(\.seenAt)
    var lows = [sorted.map { $0.kind.holdsChanges ? Int64.max : $0.seenAt }]
    var highs = [sorted.map { $0.kind.holdsChanges ? Int64.min : $0.seenAt }]
    var width = 1
    while width * 2 <= sorted.count {
      let low = lows[lows.count - 1], high = highs[highs.count - 1]
      lows.append((0...(sorted.count - 2 * width)).map { min(low[$0], low[$0 + width]) })
      highs.append((0...(sorted.count - 2 * width)).map { max(high[$0], high[$0 + width]) })
      width *= 2
    }
    self.lows = lows
    self.highs = highs
  }

  /// The position of import `id` in id order, or where it would go.
  private func index(of id: Int64) -> Int {
    var low = 0, high = ids.count
    while low < high {
      let mid = (low + high) / 2
      if ids[mid] < id { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The extremes of the whole-table imports at positions `range`, nil when it has none.
  private func extremes(_ range: Range<Int>) -> (Int64, Int64)? {
    guard !range.isEmpty else { return nil }
    var level = 0
    while 2 << level <= range.count { level += 1 }
    let other = range.upperBound - (1 << level)
    let low = min(lows[level][range.lowerBound], lows[level][other])
    let high = max(highs[level][range.lowerBound], highs[level][other])
    return low == .max ? nil : (low, high)
  }

  /// First and last seen of a version with `spans` (`from`, `to` import ids, `to` nil while
  /// open) that import `written` wrote.
  func range(spans: [(from: Int64, to: Int64?)], written: Int64) -> (first: Int64, last: Int64) {
    var first = Int64.max, last = Int64.min
    for span in spans {
      let start = index(of: span.from)
      guard start < ids.count else { continue }
      let end = span.to.map(index(of:)) ?? ids.count
      first = min(first, seenAt[start])
      last = max(last, seenAt[start])
      if let (low, high) = extremes((start + 1)..<max(start + 1, end)) {
        first = min(first, low)
        last = max(last, high)
      }
    }
    if first == .max {
      let at = index(of: written)
      let time = at < ids.count ? seenAt[at] : 0
      return (time, time)
    }
    return (first, last)
  }

  /// Parses spans as the store's queries spell them: `from-to` or `from-`, comma-separated.
  static func spans(_ text: String?) -> [(from: Int64, to: Int64?)] {
    guard let text else { return [] }
    return text.split(separator: ",").compactMap { span in
      let parts = span.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 2, let from = Int64(parts[0]) else { return nil }
      return (from, Int64(parts[1]))
    }
  }

  /// The SQL of a version's spans in the form `spans(_:)` reads, for the item aliased `i`.
  static let spansSQL =
    "(SELECT group_concat(s.from_import || '-' || coalesce(s.to_import, ''), ',') FROM spans s WHERE s.table_id = i.table_id AND s.item_id = i.id)"
}
