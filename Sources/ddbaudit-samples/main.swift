// Regenerates Samples/ and writes large exports for benchmarks. Deterministic: the same
// arguments give byte-identical files on every machine.
import DDBAuditSamples
import Foundation

let usage = """
  usage: ddbaudit-samples samples DIR             write the sample exports of every seed table
         ddbaudit-samples bench DIR [--items N]   write one audit_logs export of N items (default 1000000)
         ddbaudit-samples nightly DIR --night K [--items N] [--shuffled]
                                                  write night K of a simulated year of nightly audit_logs exports (N items on night 0, default 500000)
         ddbaudit-samples canonicalize FILE fast|full
                                                  canonicalize every line of a JSON-lines file one way (a benchmark)
  """
var args = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data((message + "\n").utf8))
  exit(64)
}
guard args.count >= 2 else { fail(usage) }
let command = args.removeFirst()
let dir = URL(fileURLWithPath: args.removeFirst())
do {
  switch command {
  case "canonicalize":
    guard let method = args.first.flatMap(CanonicalizeBenchmark.Path.init(rawValue:)) else { fail(usage) }
    let counts = try CanonicalizeBenchmark.run(path: dir.path, using: method)
    print("\(method.rawValue): \(counts.lines) lines, \(counts.canonical) canonical")
  case "samples":
    try SeedTables.writeSamples(to: dir)
  case "bench":
    var items = 1_000_000
    if let i = args.firstIndex(of: "--items"), i + 1 < args.count, let n = Int(args[i + 1]) { items = n }
    let folder = try BenchmarkExport.write(items: items, to: dir)
    print(folder.path)
  case "nightly":
    func value(_ flag: String) -> Int? { args.firstIndex(of: flag).flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } }
    guard let night = value("--night"), night >= 0 else { fail(usage) }
    let export = NightlyExport(items: value("--items") ?? 500_000, night: night)
    print(try export.write(to: dir, shuffled: args.contains("--shuffled")).path)
  default:
    fail(usage)
  }
} catch {
  fail("ddbaudit-samples: \(error)")
}
