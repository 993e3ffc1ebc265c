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
              ("leaves", .array(c.leaves.map { .array([.int($0.seq), .string(String($0.index)), .int($0.count)]) })),
              ("ttl", .array(c.ttl.map { .array([.int($0.through), $0.bound.json]) })),
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
      let leaves = try c.array("leaves").enumerated().map { j, run throws(StateFormatError) in
        guard case .array(let parts) = run, parts.count == 3, case .int(let seq) = parts[0], case .string(let index) = parts[1],
          let i = UInt64(index), case .int(let count) = parts[2], count > 0
        else { throw StateFormatError("chains[\(k)].leaves[\(j)] is not [seq, \"index\", count]") }
        return LeafRun(seq: seq, index: i, count: count)
      }
      let ttl = try c.array("ttl").enumerated().map { j, mark throws(StateFormatError) in
        guard case .array(let parts) = mark, parts.count == 2, case .int(let through) = parts[0] else {
          throw StateFormatError("chains[\(k)].ttl[\(j)] is not [seq, ttl or null]")
        }
        switch parts[1] {
        case .null: return TTLMark(through: through, bound: nil)
        case .int(let bound): return TTLMark(through: through, bound: bound)
        default: throw StateFormatError("chains[\(k)].ttl[\(j)] is not [seq, ttl or null]")
        }
      }
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
