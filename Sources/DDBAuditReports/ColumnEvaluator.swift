import DDBAuditModel
import DDBAuditChecks
/// Computes a report definition's cells for one item or chain.
struct ColumnEvaluator {
  let columns: [ReportDefinition.Column]
  let asOf: Int64
  private let paths: [[[[UInt8]]]]  // per column, per `from` entry, the dotted path as name bytes
  private let specials: [[Bool]]  // per column, per `from` entry: an `@…` value

  init(columns: [ReportDefinition.Column], asOf: Int64) {
    self.columns = columns
    self.asOf = asOf
    paths = columns.map { c in c.from.map { $0.split(separator: ".").map { Array($0.utf8) } } }
    specials = columns.map { c in c.from.map { $0.hasPrefix("@") } }
  }

  /// The context a special `@…` value reads from.
  struct Context {
    var table: String
    var key: ItemKey?
    var recordTime: Int64?
    var ttl: Int64?
    var chain: ChainStatus? = nil
    /// The item's retention verdict, for a `retention` report.
    var retention: RetentionVerdict? = nil
    /// The user, for an `access-review` report, with the period and --as-of.
    var reviewed: ReviewedUser? = nil
    var period: Period = .all
  }

  func cells(item: Item?, context: Context) -> [Cell] {
    columns.indices.map { k in
      var cell = Cell.empty
      for (f, source) in columns[k].from.enumerated() {
        cell = specials[k][f] ? special(source, context) : item.map { lookup(paths[k][f], in: $0) } ?? .empty
        if cell != .empty { break }
      }
      return shape(cell, columns[k])
    }
  }

  private func lookup(_ path: [[UInt8]], in item: Item) -> Cell {
    var map = item
    for (depth, name) in path.enumerated() {
      guard let value = map.entries.first(where: { $0.name == name })?.value else { return .empty }
      if depth == path.count - 1 { return Cell(value) }
      guard case .map(let inner) = value else { return .empty }
      map = inner
    }
    return .empty
  }

  private func special(_ name: String, _ c: Context) -> Cell {
    switch name {
    case "@time": return c.recordTime.map(Cell.time) ?? .empty
    case "@table": return .text(c.table)
    case "@key": return c.key.map { .text($0.text) } ?? .empty
    case "@ageDays": return c.recordTime.map { .number(String(Timestamp.floorDivMod(asOf - $0, 86_400_000).0)) } ?? .empty
    case "@ttl":
      // A ttl that is no time in the years 0001–9999 as seconds stays the number it is.
      return c.ttl.map { ttl in Timestamp.milliseconds(seconds: ttl).map(Cell.time) ?? .number(String(ttl)) } ?? .empty
    case "@chain": return c.chain.map { .text($0.chain) } ?? .empty
    case "@records": return c.chain.map { .number(String($0.records)) } ?? .empty
    case "@firstSeq": return c.chain?.firstSeq.map { .number(String($0)) } ?? .empty
    case "@headSeq": return c.chain?.headSeq.map { .number(String($0)) } ?? .empty
    case "@headHash": return c.chain?.headHash.map(Cell.text) ?? .empty
    case "@status": return c.chain.map { .text($0.intact ? "intact" : "FINDINGS") } ?? .empty
    case "@findings": return c.chain.map { .number(String($0.findings)) } ?? .empty
    case "@retentionCode": return c.retention.map { .text($0.code?.rawValue ?? "OK") } ?? .empty
    case "@retentionDetail":
      guard let r = c.retention else { return .empty }
      return .text([r.detail, r.keyProblem.map { "KEY_NOT_HASHED: " + $0 } ?? ""].filter { !$0.isEmpty }.joined(separator: "; "))
    case "@keyHashed": return c.retention.map { .text($0.keyProblem == nil ? "yes" : "NO") } ?? .empty
    default:
      guard let reviewed = c.reviewed else { return .empty }
      return Self.reviewCell(name, reviewed, period: c.period, asOf: asOf)
    }
  }

  /// `@user.…` and `@activity.…` for an access review row.
  static func reviewCell(_ name: String, _ r: ReviewedUser, period: Period, asOf: Int64) -> Cell {
    func text(_ s: String?) -> Cell { s.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
    switch name {
    case "@activity.records": return .number(String(r.activity.records))
    case "@activity.writes": return .number(String(r.activity.writes))
    case "@activity.last": return r.activity.last.map(Cell.time) ?? .empty
    case "@activity.actions": return text(r.actionCounts)
    default: break
    }
    guard name.hasPrefix("@user.") else { return .empty }
    let field = String(name.dropFirst(6))
    switch field {
    case "username": return .text(r.name.isEmpty ? "(no actor)" : r.name)
    case "status": return .text(r.status(asOf: asOf))
    case "changes": return text(r.changes(in: period))
    default: break
    }
    guard let user = r.user else { return .empty }
    switch field {
    case "name": return text([user.attribute("given_name"), user.attribute("family_name")].compactMap { $0 }.joined(separator: " "))
    case "enabled": return user.enabled.map { .text($0 ? "yes" : "no") } ?? .empty
    case "created": return user.created.map(Cell.time) ?? .empty
    case "modified": return user.modified.map(Cell.time) ?? .empty
    case "groups": return text(user.groups.joined(separator: ", "))
    case "emailVerified": return text(user.attribute("email_verified"))
    default: return text(user.attribute(field) ?? user.attribute("custom:" + field))
    }
  }

  /// Applies the column's type, truncation and buckets.
  private func shape(_ cell: Cell, _ column: ReportDefinition.Column) -> Cell {
    var cell = cell
    if column.type == .time || column.truncate != nil {
      switch cell {
      case .text(let s): cell = Timestamp.parseISO8601(s).map(Cell.time) ?? cell
      case .number(let n):
        if let v = Int64(n), let ms = v >= 100_000_000_000 ? (Timestamp.representable.contains(v) ? v : nil) : Timestamp.milliseconds(seconds: v) {
          cell = .time(ms)
        }
      default: break
      }
    }
    if let unit = column.truncate, case .time(let ms) = cell {
      let text = Timestamp.iso8601(milliseconds: ms)
      cell = .text(String(text.prefix(unit.prefixLength)))
    }
    if let bounds = column.buckets, case .number(let n) = cell, let value = Double(n) {
      cell = .text(Self.bucket(value, bounds))
    }
    return cell
  }

  /// The place of a bucket label among the buckets of `bounds` (an empty cell first).
  static func bucketRank(_ label: String, _ bounds: [Int64]) -> Int {
    if label.isEmpty { return -1 }
    let labels = (0...bounds.count).map { k in k < bounds.count ? bucket(Double(bounds[k]) - 0.5, bounds) : bucket(Double(bounds.last ?? 0), bounds) }
    return labels.firstIndex(of: label) ?? labels.count
  }

  static func bucket(_ value: Double, _ bounds: [Int64]) -> String {
    var lower: Int64? = nil
    for bound in bounds {
      if value < Double(bound) { return lower.map { "\($0)–\(bound - 1)" } ?? "<\(bound)" }
      lower = bound
    }
    return "≥\(lower ?? 0)"
  }
}

extension ReportDefinition.Condition {
  /// Whether the row's cell (by column index) meets the condition.
  func holds(_ cell: Cell) -> Bool {
    if let missing { return (cell == .empty) == missing }
    if let values = `in` { return values.contains(cell.text) }
    if let values = notIn { return !values.contains(cell.text) }
    return true
  }
}
