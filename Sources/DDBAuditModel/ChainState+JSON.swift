/// The chain state file (`CKPT.state.json`), as docs/checkpoint.md lays it out: written
/// deterministically (the same state gives the same bytes, so its SHA-256 is stable), and read
/// strictly: a missing or mistyped member is an error that names it.
extension ChainState {
  package var json: JSONValue {
    .object([
      ("format", .string(Self.format)),
      ("origin", .string(origin)),
      ("table", .string(table)),
      ("exportTime", .string(Timestamp.iso8601(milliseconds: exportTime))),
      ("size", .string(String(range.size))),
      ("rightEdge", .array(range.nodes.map { .string(RecordHash.hex($0)) })),
      ("leavesSHA256", leavesDigest.map(JSONValue.string) ?? .null),
      (
        "chains",
        .array(
          chains.map { c in
            .object([
              ("chain", .string(c.chain)),
              ("first", .int(c.first)),
              ("firstPrevHash", .string(c.firstPrevHash)),
              ("startProven", .bool(c.startProven)),
              ("head", .int(c.head)),
              ("headHash", .string(c.headHash)),
              ("leaves", .string(c.leaves.map { "\($0.seq):\($0.index):\($0.count)" }.joined(separator: " "))),
              ("ttl", .string(Self.encode(c.ttl))),
            ])
          })
      ),
    ])
  }

  /// Parses a chain state file; `problem` messages name the member at fault.
  package init(json bytes: [UInt8]) throws(StateFormatError) {
    let value: JSONValue
    do { value = try JSONValue.parse(bytes) } catch { throw StateFormatError("not JSON: \(error)") }
    let r = StateReader(value: value, path: "")
    guard try r.string("format") == Self.format else { throw StateFormatError("format is not \"\(Self.format)\"") }
    let time = try r.string("exportTime")
    guard let exportTime = Timestamp.parseISO8601(time) else { throw StateFormatError("exportTime \"\(time)\" is not an ISO 8601 time") }
    let sizeText = try r.string("size")
    guard let size = UInt64(sizeText), String(size) == sizeText else { throw StateFormatError("size \"\(sizeText)\" is not a count") }
    let edge = try r.array("rightEdge").enumerated().map { k, v throws(StateFormatError) in try StateReader.hash(v, "rightEdge[\(k)]") }
    guard let range = CompactRange(size: size, nodes: edge) else {
      throw StateFormatError("rightEdge has \(edge.count) hashes; a tree of \(size) leaves has \(size.nonzeroBitCount)")
    }
    var leavesDigest: String? = nil
    if let digest = r.value[member: "leavesSHA256"], digest != JSONValue.null {
      guard case .string(let s) = digest, s.utf8.count == 64, s.utf8.allSatisfy(StateReader.isHex) else {
        throw StateFormatError("leavesSHA256 is not 64 lowercase hex digits")
      }
      leavesDigest = s
    }
    var chains: [Chain] = []
    for (k, element) in try r.array("chains").enumerated() {
      let c = StateReader(value: element, path: "chains[\(k)].")
      let leaves = try Self.decodeLeaves(try c.string("leaves"), "chains[\(k)].leaves")
      let ttl = try Self.decode(try c.string("ttl"), "chains[\(k)].ttl")
      let chain = Chain(
        chain: try c.string("chain"), first: try c.int("first"), firstPrevHash: try c.hashText("firstPrevHash"),
        startProven: try c.bool("startProven"), head: try c.int("head"), headHash: try c.hashText("headHash"), leaves: leaves, ttl: ttl)
      guard chain.first >= 1, chain.head >= chain.first else { throw StateFormatError("chains[\(k)]: head is before first") }
      if let previous = chains.last, !UTF16Order.less(Array(previous.chain.utf8), Array(chain.chain.utf8)) {
        throw StateFormatError("chains[\(k)] is out of order: chains are sorted by id (UTF-16), each once")
      }
      chains.append(chain)
    }
    self.init(
      origin: try r.string("origin"), table: try r.string("table"), exportTime: exportTime, range: range,
      leavesDigest: leavesDigest, chains: chains)
  }
}

extension ChainState {
  /// TTL marks as one string: marks separated by spaces, each `THROUGH:BOUND`; the first
  /// absolute, each later one as the increase over the one before (both never decrease), and
  /// `-` for a bound of "never" (a record without a TTL). `[(5, 100), (6, 186500)]` is
  /// `5:100 1:186400`.
  static func encode(_ marks: [TTLMark]) -> String {
    var out: [String] = []
    out.reserveCapacity(marks.count)
    var previous: TTLMark? = nil
    for mark in marks {
      let through = previous.map { mark.through - $0.through } ?? mark.through
      let bound: String =
        switch (previous?.bound, mark.bound) {
        case (_, nil): "-"
        case (let before?, let now?) where previous != nil: String(now - before)
        case (_, let now?): String(now)
        }
      out.append("\(through):\(bound)")
      previous = mark
    }
    return out.joined(separator: " ")
  }

  static func decode(_ text: String, _ what: String) throws(StateFormatError) -> [TTLMark] {
    var marks: [TTLMark] = []
    for (k, part) in text.split(separator: " ").enumerated() {
      let fields = part.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count == 2, let through = Int64(fields[0]), through >= 1 else {
        throw StateFormatError("\(what) mark \(k + 1) \"\(part)\" is not THROUGH:BOUND")
      }
      let previous = marks.last
      var mark = TTLMark(through: through, bound: nil)
      if let previous {
        let (sum, overflow) = previous.through.addingReportingOverflow(through)
        guard !overflow else { throw StateFormatError("\(what) mark \(k + 1) overflows") }
        mark.through = sum
      }
      if fields[1] != "-" {
        guard let bound = Int64(fields[1]), bound >= 0 || previous == nil else {
          throw StateFormatError("\(what) mark \(k + 1) \"\(part)\" has no bound (a number, or -)")
        }
        if let previous {
          guard let before = previous.bound else { throw StateFormatError("\(what) mark \(k + 1) follows a bound of never") }
          let (sum, overflow) = before.addingReportingOverflow(bound)
          guard !overflow else { throw StateFormatError("\(what) mark \(k + 1) overflows") }
          mark.bound = sum
        } else {
          mark.bound = bound
        }
      }
      marks.append(mark)
    }
    return marks
  }

  static func decodeLeaves(_ text: String, _ what: String) throws(StateFormatError) -> [LeafRun] {
    var runs: [LeafRun] = []
    for (k, part) in text.split(separator: " ").enumerated() {
      let fields = part.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count == 3, let seq = Int64(fields[0]), seq >= 1, let index = UInt64(fields[1]), let count = Int64(fields[2]), count > 0,
        !seq.addingReportingOverflow(count).overflow, !index.addingReportingOverflow(UInt64(count)).overflow
      else { throw StateFormatError("\(what) run \(k + 1) \"\(part)\" is not SEQ:INDEX:COUNT") }
      runs.append(LeafRun(seq: seq, index: index, count: count))
    }
    return runs
  }
}

/// A chain state file that cannot be read, and why.
package struct StateFormatError: Error, CustomStringConvertible {
  package let description: String
  init(_ description: String) { self.description = description }
}

/// Typed members of one object of a chain state file.
private struct StateReader {
  let value: JSONValue
  let path: String

  func member(_ name: String) throws(StateFormatError) -> JSONValue {
    guard let v = value[member: name] else { throw StateFormatError("\(path)\(name) is missing") }
    return v
  }
  func string(_ name: String) throws(StateFormatError) -> String {
    guard case .string(let s) = try member(name) else { throw StateFormatError("\(path)\(name) is not a string") }
    return s
  }
  func int(_ name: String) throws(StateFormatError) -> Int64 {
    guard case .int(let i) = try member(name) else { throw StateFormatError("\(path)\(name) is not an integer") }
    return i
  }
  func bool(_ name: String) throws(StateFormatError) -> Bool {
    guard case .bool(let b) = try member(name) else { throw StateFormatError("\(path)\(name) is not true or false") }
    return b
  }
  func array(_ name: String) throws(StateFormatError) -> [JSONValue] {
    guard case .array(let a) = try member(name) else { throw StateFormatError("\(path)\(name) is not an array") }
    return a
  }
  func hashText(_ name: String) throws(StateFormatError) -> String {
    let s = try string(name)
    guard s.utf8.count == 64, s.utf8.allSatisfy(Self.isHex) else { throw StateFormatError("\(path)\(name) is not 64 lowercase hex digits") }
    return s
  }
  static func hash(_ v: JSONValue, _ what: String) throws(StateFormatError) -> Merkle.Hash {
    guard case .string(let s) = v, let bytes = RecordHash.bytes(hex: s) else { throw StateFormatError("\(what) is not 64 lowercase hex digits") }
    return bytes
  }
  static func isHex(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x61...0x66).contains(c) }
}
