import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditStore
@testable import DDBAuditImport

/// The validity spans hold exactly each import's state: random sequences of whole-table
/// imports (in and out of time order) and stream imports, checked against a model that keeps
/// every state whole.
@Suite struct ValiditySpanTests {
  /// One import of the scenario: its file, point in time, and the state the model expects.
  struct Step {
    var file: String
    var time: Int64
    var state: [String: Int]
  }

  static let day: Int64 = 86_400_000
  static let t0: Int64 = 1_795_154_400_000
  static let keys = (0..<10).map { "k\($0)" }

  static func line(_ key: String, _ version: Int) -> String { #"{"id":{"S":"\#(key)"},"v":{"N":"\#(version)"}}"# }

  /// A Lambda stream event of `changes` (key, new version or nil for REMOVE), one second apart from `time`.
  static func streamEvent(_ changes: [(key: String, version: Int?, old: Int?)], time: Int64, serial: Int) -> String {
    let records = changes.enumerated().map { k, change in
      let keys = #"{"id":{"S":"\#(change.key)"}}"#
      var images = ""
      if let version = change.version { images += #", "NewImage": \#(line(change.key, version))"# }
      if let old = change.old { images += #", "OldImage": \#(line(change.key, old))"# }
      let event = change.version == nil ? "REMOVE" : change.old == nil ? "INSERT" : "MODIFY"
      return #"""
        {"eventID": "e\#(serial)-\#(k)", "eventName": "\#(event)", "eventSource": "aws:dynamodb",
         "dynamodb": {"ApproximateCreationDateTime": \#(time / 1000 + Int64(k)), "Keys": \#(keys)\#(images), "StreamViewType": "NEW_AND_OLD_IMAGES"},
         "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"}
        """#
    }
    return #"{"Records": ["# + records.joined(separator: ",\n") + "]}"
  }

  @Test(arguments: 0..<12) func everyImportsStateIsExactlyItsOwn(seed: UInt64) throws {
    var rng = SplitMix64(seed: 1000 + seed)
    let store = TestStore()
    let dir = TemporaryDirectory()
    var steps: [Step] = []
    var latestTime: Int64 = 0
    for n in 0..<8 {
      let path = dir.file("import-\(n)").path
      var options = ImportOptions()
      let step: Step
      if n > 1 && rng.int(0...3) == 0 {
        // A stream after everything so far, changing the state of the import before it in time.
        let time = latestTime + 3_600_000
        let base = steps.enumerated().filter { $0.element.time <= time }.max { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        var state = base?.element.state ?? [:]
        var changes: [(key: String, version: Int?, old: Int?)] = []
        for key in Self.keys.shuffled(using: &rng).prefix(rng.int(1...4)) {
          let old = state[key]
          let version: Int? = old != nil && rng.int(0...2) == 0 ? nil : rng.int(1...3)
          if version == old { continue }
          changes.append((key, version, old))
          state[key] = version
        }
        if changes.isEmpty { continue }
        try Data(Self.streamEvent(changes, time: time, serial: n).utf8).write(to: URL(fileURLWithPath: path))
        let lastChange = time + Int64(changes.count - 1) * 1000
        step = Step(file: path, time: lastChange, state: state)
        options.table = "orders"
      } else {
        var state: [String: Int] = [:]
        for key in Self.keys where rng.int(0...3) != 0 { state[key] = rng.int(1...3) }
        // Mostly a later night; sometimes an older one imported late.
        let time = rng.int(0...3) == 0 ? Self.t0 - Int64(rng.int(1...5)) * Self.day : Self.t0 + Int64(n) * Self.day
        let lines = state.map { Self.line($0.key, $0.value) }.shuffled(using: &rng) + ["{\"id\":{\"S\":\"nonce-\(n)\"}}"]
        state["nonce-\(n)"] = 0
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        step = Step(file: path, time: time, state: state)
        options.table = "orders"
        options.shape = TableShape.keys("id")
        options.snapshotTime = time
      }
      let results = try store.importPaths([step.file], options: options)
      #expect(results.allSatisfy { !$0.alreadyImported })
      steps.append(step)
      latestTime = max(latestTime, step.time)
    }
    let db = try store.open()
    let table = try #require(try db.storedTables().first { $0.name == "orders" })
    let points = try db.importPoints(table: table.id).sorted { $0.id < $1.id }
    #expect(points.count == steps.count)
    for (point, step) in zip(points, steps) {
      var held: [String: Int] = [:]
      try db.forEachItem(ItemSelection(tableID: table.id, latest: point.id)) { row in
        let text = String(decoding: row.json, as: UTF8.self)
        let version = text.firstRange(of: #""v":{"N":""#).map { Int(text[$0.upperBound...].prefix { $0.isNumber })! } ?? 0
        #expect(held.updateValue(version, forKey: row.pk) == nil, "\(row.pk) twice in import \(point.id)")
      }
      #expect(held == step.state, "seed \(seed), import \(point.id) (\(point.kind))")
      #expect(try db.itemCount(latest: point.id) == Int64(step.state.count))
    }
    // Every version is listed with exactly the imports whose state holds it.
    for key in Self.keys {
      for (json, imports) in try db.versions(table: "orders", pk: key) {
        let version = Int(json.split(separator: "\"").dropLast().last.map(String.init) ?? "") ?? -1
        let expected = zip(points, steps).filter { $0.1.state[key] == version }.map(\.0.id)
        #expect(imports == expected, "seed \(seed), \(key) v\(version)")
      }
    }
  }
}
