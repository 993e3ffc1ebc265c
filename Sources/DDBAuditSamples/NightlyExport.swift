import Foundation
import DDBAuditModel

/// The full export of a chained `audit_logs` table on night `night` of simulated nightly
/// exports, for benchmarks. Deterministic: a record is byte-identical on every night
/// that holds it, so an unchanged record is the same version night after night.
///
/// The table has `items` records over 500 chains on night 0. Each night appends 4 records to
/// every chain (2,000 for 500k items) and DynamoDB's TTL takes the oldest records whose
/// 7-year ttl has passed (about 200 a night). Nothing is tampered with, so `verify` finds
/// nothing. With `shuffled`, the lines come in a random order (DynamoDB promises none).
package struct NightlyExport {
  package static let chains = 500
  package static let newPerChain = 4
  let perChain: Int
  let night: Int
  static let day: Int64 = 86_400_000
  /// Night 0: 60 days before the samples' export time (2026-09-21T06:00Z), so that up to 60
  /// nights lie in the past (ddbaudit refuses exports dated in the future).
  package static let start = SeedTables.sampleExportTime - 60 * day
  /// Base records are 2.5 days apart in a chain, and chains are offset by 2.5 days over the
  /// 500 of them, so that about 500 / 2.5 = 200 records expire a night, from night 1 on.
  static let spacing: Int64 = 5 * day / 2

  package init(items: Int, night: Int) {
    perChain = max(1, items / Self.chains)
    self.night = night
  }

  package var exportTime: Int64 { Self.start + Int64(night) * Self.day }

  /// The record time of record `seq` (1-based) of chain `chain` (0-based).
  func time(chain: Int, seq: Int) -> Int64 {
    if seq <= perChain {
      return Self.start - 2557 * Self.day + Self.day + Int64(seq - 1) * Self.spacing + Int64(chain) * Self.spacing / Int64(Self.chains)
    }
    let added = seq - perChain - 1
    let night = added / Self.newPerChain + 1
    return Self.start + Int64(night - 1) * Self.day + Int64(added % Self.newPerChain + 1) * (Self.day / 5) + Int64(chain) * 1000
  }

  /// Whether record `seq` of `chain` is still in the table on this night: written by then, and
  /// its ttl (7 years after its time) not yet passed.
  func present(chain: Int, seq: Int) -> Bool {
    let time = time(chain: chain, seq: seq)
    return time < exportTime && (time / 1000 + 2557 * 86_400) * 1000 > exportTime
  }

  var lastSeq: Int { perChain + night * Self.newPerChain }

  func record(chain: Int, seq: Int) -> Item {
    var rng = SplitMix64(seed: UInt64(chain) << 32 | UInt64(seq))
    return SeedTables.auditLog(user: Self.user(chain), time: time(chain: chain, seq: seq), rng: &rng)
  }

  static func user(_ chain: Int) -> String { "user-\(String(format: "%06d", chain + 1))" }

  /// Writes the export under `root`; returns its folder.
  package func write(to root: URL, shuffled: Bool) throws -> URL {
    // Pass 1 seals every chain in order and keeps only the hashes (64 bytes a record), so
    // that pass 2 can write the records in any order.
    var hashes: [[String]] = []
    var present: [(chain: Int32, seq: Int32)] = []
    for chain in 0..<Self.chains {
      var sealer = ChainSealer()
      var chainHashes = [RecordHash.genesis]
      for seq in 1...lastSeq {
        let sealed = sealer.seal(record(chain: chain, seq: seq), chain: Self.user(chain))
        chainHashes.append(sealed["hash"]!.stringValue!)
        if self.present(chain: chain, seq: seq) { present.append((Int32(chain), Int32(seq))) }
      }
      hashes.append(chainHashes)
    }
    if shuffled {
      var rng = SplitMix64(seed: 0x5eed ^ UInt64(night))
      for k in stride(from: present.count - 1, to: 0, by: -1) {
        present.swapAt(k, Int(rng.next() % UInt64(k + 1)))
      }
    }
    let writer = try ExportWriter(
      root: root, prefix: "nightly/audit_logs", table: "audit_logs", exportTime: exportTime, fileCount: 8, seed: 42)
    for (k, entry) in present.enumerated() {
      var item = record(chain: Int(entry.chain), seq: Int(entry.seq))
      item.set("seq", .n(Int(entry.seq)))
      item.set("prevHash", .s(hashes[Int(entry.chain)][Int(entry.seq) - 1]))
      item.set("hash", .s(hashes[Int(entry.chain)][Int(entry.seq)]))
      try writer.add(item, file: shuffled ? k : Int(entry.chain))
    }
    return try writer.finish()
  }
}
