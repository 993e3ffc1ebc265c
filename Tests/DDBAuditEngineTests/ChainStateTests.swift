import Foundation
import Testing
@testable import DDBAuditModel

/// The TTL marks a checkpoint signs bound every prefix's largest TTL, tightly, and survive
/// their file encoding; malformed chain states are refused with the member at fault.
@Suite struct ChainStateTests {
  static func chain(ttls: [Int64?]) -> ChainState.Chain {
    var c = ChainState.Chain(chain: "c", first: 1, firstPrevHash: RecordHash.genesis, startProven: true, head: 0, headHash: "", leaves: [], ttl: [])
    for (k, ttl) in ttls.enumerated() { c.addTTL(seq: Int64(k + 1), ttl: ttl) }
    return c
  }

  @Test func everyPrefixIsBoundedWithinTheGranularityAndTheLastMarkIsExact() {
    var rng = SystemRandomNumberGenerator()
    for round in 0..<200 {
      var t: Int64 = 1_900_000_000
      let ttls: [Int64?] = (0..<Int.random(in: 1...300, using: &rng)).map { k in
        if round % 17 == 0 && k == 150 { return nil }
        t += Int64.random(in: -4000...9000, using: &rng)
        return t
      }
      let c = Self.chain(ttls: ttls)
      var running: Int64? = nil
      var infinite = false
      for (k, ttl) in ttls.enumerated() {
        if let ttl { running = max(running ?? ttl, ttl) } else { infinite = true }
        let truth = infinite ? Int64.max : running!
        let bounds = c.ttlBounds(through: Int64(k + 1))
        #expect(bounds.upper >= truth && (bounds.lower ?? .min) <= truth, "round \(round) seq \(k + 1)")
        if !infinite, bounds.upper != .max, let lower = bounds.lower, lower != .max {
          #expect(bounds.upper - lower <= ChainState.ttlGranularity || c.ttl.contains { $0.through == Int64(k + 1) })
        }
      }
      #expect(c.ttl.last?.through == Int64(ttls.count))
      #expect(c.ttl.last?.bound == (infinite ? nil : running))
      for (a, b) in zip(c.ttl, c.ttl.dropFirst()) {
        #expect(b.through > a.through)
        if let x = a.bound, let y = b.bound { #expect(y - x <= ChainState.ttlGranularity || b.through == a.through + 1) }
      }
      #expect((try? ChainState.decode(ChainState.encode(c.ttl), "ttl")) == c.ttl, "round \(round)")
    }
  }

  @Test func hexMatchesItsBytesExactly() {
    let bytes = Merkle.leafHash([1, 2, 3])
    let hex = RecordHash.hex(bytes)
    #expect(RecordHash.matches(hex: hex, bytes))
    #expect(!RecordHash.matches(hex: hex.uppercased(), bytes))
    #expect(!RecordHash.matches(hex: String(hex.dropLast()), bytes) && !RecordHash.matches(hex: hex + "0", bytes))
    #expect(!RecordHash.matches(hex: String(hex.dropLast()) + (hex.last == "0" ? "1" : "0"), bytes))
  }

  @Test func retainingKeepsOneMarkBeforeTheNewFirstAsALowerBound() {
    var c = Self.chain(ttls: (0..<10).map { Int64(1_900_000_000 + $0 * 86_400) })
    c.retain(from: 5, prevHash: String(repeating: "a", count: 64))
    #expect(c.first == 5 && c.ttl.first?.through == 4 && c.ttlBounds(through: 5) == (1_900_000_000 + 4 * 86_400, 1_900_000_000 + 4 * 86_400))
  }

  @Test func malformedStatesAreRefusedNamingTheMember() throws {
    let good = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoint/samples/audit_logs.ckpt.state.json"), encoding: .utf8)
    let state = try ChainState(json: Array(good.utf8))
    var bytes = state.json.bytes(pretty: true)
    bytes.append(0x0A)
    #expect(bytes == Array(good.utf8), "the state writes back byte for byte")
    let cases: [(String, String, String)] = [
      ("\"size\": \"300\"", "\"size\": \"301\"", "rightEdge"),
      ("\"leaves\": \"1:0:25\"", "\"leaves\": \"1:0:0\"", "chains[0].leaves"),
      ("\"ttl\": \"1:1974454357 1:", "\"ttl\": \"1:1974454357 0:", "chains[0].ttl"),
      ("\"first\": 1,", "\"first\": \"1\",", "chains[0].first"),
      ("\"chain\": \"user-0002\"", "\"chain\": \"user-0001\"", "out of order"),
      ("\"format\": \"ddbaudit-chain-state/v1\"", "\"format\": \"v2\"", "format"),
    ]
    for (from, to, named) in cases {
      #expect(good.contains(from), "\(from)")
      #expect {
        try ChainState(json: Array(good.replacingOccurrences(of: from, with: to).utf8))
      } throws: { error in
        "\(error)".contains(named)
      }
    }
  }
}
