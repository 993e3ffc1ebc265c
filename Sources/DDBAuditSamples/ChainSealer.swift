import Crypto
import Foundation
import DDBAuditModel

/// Seals records into hash chains (spec §1–§3): sets `seq` and `prevHash`, then `hash`.
package struct ChainSealer {
  private var heads: [String: (seq: Int, hash: String)] = [:]
  package init() {}

  /// A sealer that continues `chain` after its record `last`.
  package init(resuming chain: String, after last: Item) {
    heads[chain] = (Int(last["seq"]!.numberText!)!, last["hash"]!.stringValue!)
  }

  /// Appends `item` to chain `chain`, returning it with `seq`, `prevHash` and `hash` set.
  package mutating func seal(_ item: Item, chain: String) -> Item {
    var item = item
    let head = heads[chain] ?? (0, RecordHash.genesis)
    item.set("seq", .n(head.seq + 1))
    item.set("prevHash", .s(head.hash))
    item.remove("hash")
    let hash = try! RecordHash.compute(item)  // generated items are always canonicalisable
    item.set("hash", .s(hash))
    heads[chain] = (head.seq + 1, hash)
    return item
  }
}
