import Crypto
import Foundation
import DDBAuditModel

/// The TTL mistakes the sample exports carry, one or two of each kind, so that
/// `ddbaudit retention` has something real to find in `make demo`.
struct RetentionMistakes {
  let exportTime: Int64
  static let day: Int64 = 86_400_000

  static func seconds(_ ms: Int64) -> AttributeValue { .n(ms / 1000) }
  static func time(_ item: Item, _ name: String) -> Int64 { Timestamp.parseISO8601(item[name]!.stringValue!)! }
  static func sortKeyTime(_ item: Item, _ name: String) -> Int64 {
    Timestamp.parseISO8601(String(item[name]!.stringValue!.split(separator: "#").first!))!
  }

  /// ec2-audit-logs: two records kept 2555 days (7 × 365), one or two days short of 7 years
  /// (TTL_TOO_SHORT); the chain is re-sealed, so verify stays clean.
  func ec2AuditLogs(_ items: [Item]) -> [Item] {
    var items = items
    for k in [17, 133] {
      items[k].set("ttl", .n(Self.time(items[k], "timestamp") / 1000 + 2555 * 86_400))
    }
    return Self.reseal(items, chainAttribute: "userId")
  }

  /// events: a TTL in milliseconds, one as a string, one missing, one of 90 days, and an
  /// event 40 days old still exported 10 days after its 30-day TTL.
  func events(_ items: [Item]) -> [Item] {
    var items = items
    let t = { Self.sortKeyTime(items[$0], "timestamp#event_id") }
    items[11].set("ttl", .n(t(11) + 30 * Self.day))  // ms
    items[12].set("ttl", .n(t(12) + 30 * Self.day))
    items[57].set("ttl", .s(Timestamp.iso8601(milliseconds: t(57) + 30 * Self.day)))
    items[101].remove("ttl")
    items[202].set("ttl", Self.seconds(t(202) + 90 * Self.day))
    var old = items[303]
    let time = exportTime - 40 * Self.day
    let id = old["event_id"]!.stringValue!
    old.set("timestamp#event_id", .s("\(Timestamp.iso8601(milliseconds: time))#\(id)x"))
    old.set("event_id", .s(id + "x"))
    old.set("ttl", Self.seconds(time + 30 * Self.day))
    items.append(old)
    return items
  }

  /// api_keys: an active key with a TTL, a revoked one without, one revoked for a year, and
  /// one whose key_hash holds the key itself.
  func apiKeys(_ items: [Item]) -> [Item] {
    var items = items
    let active = items.indices.filter { items[$0]["status"]?.stringValue == "active" }
    let inactive = items.indices.filter { items[$0]["status"]?.stringValue != "active" }
    items[active[4]].set("ttl", Self.seconds(exportTime + 30 * Self.day))
    items[active[9]].set("key_hash", .s("sk_live_4eC39HqLyjWDarjtT1zdp7dc"))
    items[inactive[2]].remove("ttl")
    items[inactive[5]].set("ttl", Self.seconds(exportTime + 365 * Self.day))
    return items
  }

  /// idempotency_keys: one key kept 7 days instead of 24 hours.
  func idempotencyKeys(_ items: [Item]) -> [Item] {
    var items = items
    items[42].set("ttl", Self.seconds(Self.time(items[42], "created_at") + 7 * Self.day))
    return items
  }

  /// webhook_events: the seed's `"ttl": 2678400` (31 days as a duration: 1970-02-01), and a
  /// delivery from 2019 whose TTL passed more than 5 years ago, too old for DynamoDB to act on.
  func webhookEvents(_ items: [Item]) -> [Item] {
    var items = items
    items[3].set("ttl", .n(2_678_400))
    let created = Timestamp.parseISO8601("2019-06-01T12:00:00Z")!
    items[77].set("created_at", .s(Timestamp.iso8601(milliseconds: created)))
    items[77].set("ttl", Self.seconds(created + 14 * Self.day))
    return items
  }

  /// Seals every chain again from its first record, in order.
  static func reseal(_ items: [Item], chainAttribute: String) -> [Item] {
    var sealer = ChainSealer()
    return items.map { item in
      var item = item
      for name in ["seq", "prevHash", "hash"] { item.remove(name) }
      return sealer.seal(item, chain: item[chainAttribute]!.stringValue!)
    }
  }
}
