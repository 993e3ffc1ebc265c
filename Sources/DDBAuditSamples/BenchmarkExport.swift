import Foundation

/// A large chained `audit_logs` export for benchmarks, written without holding it in memory.
package enum BenchmarkExport {
  /// Writes `items` records in 1,000-record chains over 8 data files; returns the export folder.
  package static func write(items: Int, to root: URL, chainLength: Int = 1000) throws -> URL {
    let writer = try ExportWriter(
      root: root, prefix: "bench/audit_logs", table: "audit_logs", exportTime: SeedTables.sampleExportTime,
      fileCount: 8, seed: 99)
    var rng = SplitMix64(seed: 7)
    var sealer = ChainSealer()
    let start = SeedTables.sampleExportTime - 700 * 86_400_000
    var written = 0
    var chain = 0
    while written < items {
      chain += 1
      let user = "user-\(String(format: "%06d", chain))"
      let n = min(chainLength, items - written)
      let step = Int64(690) * 86_400_000 / Int64(chainLength)
      for k in 0..<n {
        let record = SeedTables.auditLog(user: user, time: start + Int64(k) * step + Int64(chain % 1000) * 1000, rng: &rng)
        try writer.add(sealer.seal(record, chain: user), file: chain)
      }
      written += n
    }
    return try writer.finish()
  }
}
