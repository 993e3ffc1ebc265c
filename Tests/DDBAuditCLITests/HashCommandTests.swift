import Foundation
import Testing
import TestSupport

@Suite struct HashCommandTests {
  /// The spec's vectors as item lines, and their expected canonical strings and hashes.
  static func vectors(in dir: TemporaryDirectory) throws -> (file: String, canonical: [String], hashes: [String]) {
    let vectors = try readJSONLines(RepoPaths.spec.appendingPathComponent("hash-chain-v1-vectors.jsonl"))
    let lines = try vectors.map {
      String(decoding: try JSONSerialization.data(withJSONObject: $0["item"]!, options: [.withoutEscapingSlashes]), as: UTF8.self)
    }
    let file = dir.file("items.jsonl").path
    try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    return (file, vectors.map { $0["canonical"] as! String }, vectors.map { $0["hash"] as! String })
  }

  @Test func printsEveryVectorsHashAndCanonicalForm() throws {
    let dir = TemporaryDirectory()
    let v = try Self.vectors(in: dir)
    let hashes = try CLI.run(["hash", v.file])
    #expect(hashes.status == 0, "\(hashes.stderr)")
    #expect(hashes.stdout == v.hashes.map { $0 + "\n" }.joined())
    let canonical = try CLI.run(["hash", "--canonical", v.file])
    #expect(canonical.stdout == v.canonical.map { $0 + "\n" }.joined())
  }

  @Test func checkFlagsItemsWhoseStoredHashIsWrong() throws {
    let dir = TemporaryDirectory()
    let sample = try String(contentsOf: RepoPaths.samples.appendingPathComponent("items/audit_logs.jsonl"), encoding: .utf8)
    #expect(try CLI.run(["hash", "--check", RepoPaths.samples.appendingPathComponent("items/audit_logs.jsonl").path]).status == 0)
    let tampered = dir.file("tampered.jsonl").path
    try sample.replacingOccurrences(of: "REVOKE_API_KEY", with: "LOGIN").write(toFile: tampered, atomically: true, encoding: .utf8)
    let result = try CLI.run(["hash", "--check", tampered])
    #expect(result.status == 1)
    #expect(result.stdout.contains("MISMATCH"))
  }

  @Test func badLineNamesFileAndLine() throws {
    let dir = TemporaryDirectory()
    let file = dir.file("bad.jsonl").path
    try "{\"a\":{\"S\":\"x\"}}\n{\"a\":{\"N\":1}}\n".write(toFile: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["hash", file])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(file):2:"), "\(result.stderr)")
  }
}
