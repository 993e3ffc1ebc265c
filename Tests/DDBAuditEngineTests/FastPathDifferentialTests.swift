import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditImport

/// Random items, and random damage to them, through both import paths: whatever the fast
/// path (`CanonicalTranscoder`) accepts, it must store byte for byte as the full decoder and
/// `CanonicalForm` do, and a line the decoder refuses must be refused alike.
@Suite struct FastPathDifferentialTests {
  static let auditLogs = BuiltinProfiles.all.first { $0.name == "audit_logs" }!

  /// A random JSON string body: plain ASCII, non-ASCII, escapes, surrogate pairs and lone ones.
  static func text(_ rng: inout SplitMix64) -> String {
    let pieces = [
      "a", "Z", "0", " ", "é", "日本", "😀", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\ud800"#, "/", #"\/"#, "#", "_",
    ]
    return (0..<rng.int(0...6)).map { _ in rng.pick(pieces) }.joined()
  }

  static func number(_ rng: inout SplitMix64) -> String {
    rng.pick(["0", "1", "-1", "42", "007", "1.50", "1e3", "-0", "3.14159", "1E-5", "99999999999999999999999999999999999999", "1e200", "abc", ""])
  }

  static func binary(_ rng: inout SplitMix64) -> String { rng.pick(["", "AA==", "AAE=", "AAF=", "Zm9v", "Zm9", "!!"]) }

  static func value(_ rng: inout SplitMix64, depth: Int) -> String {
    let kinds = depth > 3 ? ["S", "N", "B", "BOOL", "NULL"] : ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "M", "L", "s"]
    switch rng.pick(kinds) {
    case "S": return #"{"S":"\#(text(&rng))"}"#
    case "s": return #"{"s":"\#(text(&rng))"}"#
    case "N": return #"{"N":"\#(number(&rng))"}"#
    case "B": return #"{"B":"\#(binary(&rng))"}"#
    case "BOOL": return #"{"BOOL":\#(rng.pick(["true", "false", "1"]))}"#
    case "NULL": return #"{"NULL":\#(rng.pick(["true", "false"]))}"#
    case "SS": return #"{"SS":[\#((0..<rng.int(0...3)).map { _ in "\"\(text(&rng))\"" }.joined(separator: ","))]}"#
    case "NS": return #"{"NS":[\#((0..<rng.int(0...3)).map { _ in "\"\(number(&rng))\"" }.joined(separator: ","))]}"#
    case "BS": return #"{"BS":[\#((0..<rng.int(0...3)).map { _ in "\"\(binary(&rng))\"" }.joined(separator: ","))]}"#
    case "M": return #"{"M":\#(map(&rng, depth: depth + 1))}"#
    default: return #"{"L":[\#((0..<rng.int(0...3)).map { _ in value(&rng, depth: depth + 1) }.joined(separator: ","))]}"#
    }
  }

  static func map(_ rng: inout SplitMix64, depth: Int) -> String {
    let space = { (rng: inout SplitMix64) in rng.pick(["", "", "", " ", "\t", "\r"]) }
    let members = (0..<rng.int(0...4)).map { _ in "\(space(&rng))\"\(text(&rng))\"\(space(&rng)):\(value(&rng, depth: depth))" }
    return "{" + members.joined(separator: ",") + "}"
  }

  /// An `audit_logs` item with its keys, and random other attributes.
  static func line(_ rng: inout SplitMix64) -> String {
    let extra = map(&rng, depth: 1).dropFirst().dropLast()
    return #"{"Item":{"user_id":{"S":"u-\#(rng.int(1...9))"},"timestamp#log_id":{"S":"2025-01-02T03:04:05Z#l\#(rng.int(1...99))"}"#
      + (extra.isEmpty ? "" : "," + extra) + "}}"
  }

  /// Cuts, duplicates, swaps or replaces a byte: most damaged lines must be refused alike.
  static func damaged(_ line: String, _ rng: inout SplitMix64) -> [UInt8] {
    var bytes = Array(line.utf8)
    let at = rng.int(0...(bytes.count - 1))
    switch rng.int(0...3) {
    case 0: bytes.removeSubrange(at...)
    case 1: bytes.insert(bytes[at], at: at)
    case 2: bytes[at] = rng.pick(Array(#"{}[]",:"\ 0aS"#.utf8) + [0x00, 0x80, 0xFF])
    default: bytes.append(contentsOf: rng.pick([Array("x".utf8), Array("}".utf8), Array(" {}".utf8)]))
    }
    return bytes
  }

  static func describe(_ result: Result<String, DynamoJSONError>) -> String {
    switch result {
    case .success(let row): "stored \(row)"
    case .failure(let error): "refused: \(error.message)"
    }
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func bothPathsAgreeOnRandomAndDamagedLines(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let extractor = ItemExtractor(profile: Self.auditLogs)
    var fast = 0
    var refused = 0
    let total = 1_500
    for _ in 0..<total {
      let clean = Self.line(&rng)
      for bytes in [Array(clean.utf8), Self.damaged(clean, &rng)] {
        let (tookFast, viaImport, viaDecoder) = bytes.withUnsafeBufferPointer { extractor.bothPaths($0, wrapper: .required) }
        if tookFast { fast += 1 }
        if case .failure = viaDecoder { refused += 1 }
        #expect(
          Self.describe(viaImport) == Self.describe(viaDecoder),
          "\(String(decoding: bytes, as: UTF8.self)) (fast path: \(tookFast))")
      }
    }
    // The generator must exercise both paths and both outcomes, or the test proves nothing.
    #expect(fast > total / 10, "\(fast) lines took the fast path")
    #expect(refused > total / 10, "\(refused) lines were refused")
    #expect(refused < total * 2 - total / 10)
  }
}
