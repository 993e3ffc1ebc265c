import DDBAuditModel
import DDBAuditStore
/// Turns a decoded item into the row the store keeps, using the table's profile:
/// keys, record time, TTL, indexed attributes and the canonical JSON.
struct ItemExtractor: Sendable {
  let profile: TableProfile
  /// The top-level attributes the row is made from, by slot.
  private enum Slot: Int, CaseIterable {
    case partitionKey, sortKey, time, ttl, index1, index2, seq, prevHash, hash, chainID, index1Alias, index2Alias
  }
  /// The name each slot reads (nil: the profile has none).
  private let names: [[UInt8]?]

  init(profile: TableProfile) {
    self.profile = profile
    var names = [[UInt8]?](repeating: nil, count: Slot.allCases.count)
    func set(_ slot: Slot, _ name: String?) { names[slot.rawValue] = name.map { Array($0.utf8) } }
    set(.partitionKey, profile.partitionKey)
    set(.sortKey, profile.sortKey)
    if case .attribute(let name) = profile.time { set(.time, name) }
    set(.ttl, profile.ttlAttribute)
    set(.index1, profile.indexes.first)
    set(.index2, profile.indexes.dropFirst().first)
    set(.index1Alias, profile.indexes.first.flatMap { profile.indexAliases?[$0] })
    set(.index2Alias, profile.indexes.dropFirst().first.flatMap { profile.indexAliases?[$0] })
    if let chain = profile.chain {
      set(.seq, chain.seq)
      set(.prevHash, chain.prevHash)
      set(.hash, chain.hash)
      set(.chainID, chain.global ? nil : chain.chainId ?? profile.partitionKey)
    }
    self.names = names
  }

  /// A transcoder that notes where this profile's attributes are (the fast path of `storedItem(line:)`).
  func transcoder() -> CanonicalTranscoder { CanonicalTranscoder(wanted: names) }

  /// The stored row for one line of an export: through `transcoder` when it can, otherwise
  /// through the full decoder (which also names what is wrong with a bad line).
  func storedItem(
    line: UnsafeBufferPointer<UInt8>, wrapper: DynamoJSONDecoder.ItemWrapper, transcoder: inout CanonicalTranscoder
  ) throws(DynamoJSONError) -> StoredItem {
    if let json = transcoder.transcode(line, wrapper: wrapper) {
      return try stored(transcoder.values, json: json, noncanonical: nil)
    }
    let decoded = try DynamoJSONDecoder.decodeItemLine(line, wrapper: wrapper)
    return try storedItem(decoded.item, loneSurrogate: decoded.loneSurrogate, rawLine: line)
  }

  /// The stored row for `item`; `rawLine` is kept instead of the canonical form when there is none.
  func storedItem(_ item: Item, loneSurrogate: Bool, rawLine: UnsafeBufferPointer<UInt8>) throws(DynamoJSONError) -> StoredItem {
    let values = names.map { name in name.flatMap { name in item.entries.last { $0.name == name }?.value } }
    var noncanonical: String? = loneSurrogate ? "a string holds a lone surrogate (invalid UTF-16)" : nil
    var json: [UInt8] = []
    do {
      json = try CanonicalForm.bytes(of: item)
    } catch {
      noncanonical = error.message
    }
    if noncanonical != nil { json = Array(rawLine) }
    let row = try stored(values, json: json, noncanonical: noncanonical)
    // A lone surrogate decodes to U+FFFD: in a key, two distinct items would merge into one.
    if loneSurrogate && (row.pk.unicodeScalars.contains("\u{FFFD}") || row.sk.unicodeScalars.contains("\u{FFFD}")) {
      throw DynamoJSONError(
        "the item's key holds a lone surrogate (an unpaired \\uD800–\\uDFFF escape), which cannot be stored exactly; two items could merge into one")
    }
    return row
  }

  private func stored(_ values: [AttributeValue?], json: [UInt8], noncanonical: String?) throws(DynamoJSONError) -> StoredItem {
    func value(_ slot: Slot) -> AttributeValue? { values[slot.rawValue] }
    guard let pkValue = value(.partitionKey) else {
      throw DynamoJSONError("item has no partition key \"\(profile.partitionKey)\" (profile \(profile.name); is --profile right?)")
    }
    guard let pk = Self.keyText(pkValue) else {
      throw DynamoJSONError("partition key \"\(profile.partitionKey)\" is \(pkValue.descriptor), not S, N or B")
    }
    guard !pk.isEmpty else { throw DynamoJSONError("partition key \"\(profile.partitionKey)\" is empty; DynamoDB allows no empty key values") }
    var sk = ""
    let skValue = value(.sortKey)
    if let sortKeyName = profile.sortKey {
      guard let skValue else {
        throw DynamoJSONError("item has no sort key \"\(sortKeyName)\" (profile \(profile.name); is --profile right?)")
      }
      guard let text = Self.keyText(skValue) else {
        throw DynamoJSONError("sort key \"\(sortKeyName)\" is \(skValue.descriptor), not S, N or B")
      }
      guard !text.isEmpty else { throw DynamoJSONError("sort key \"\(sortKeyName)\" is empty; DynamoDB allows no empty key values") }
      sk = text
    }
    var recordTime: Int64? = nil
    switch profile.time {
    case .attribute: recordTime = value(.time).flatMap(Self.instant)
    case .sortKeyPrefix:
      if case .string(let bytes)? = skValue {
        let end = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
        recordTime = bytes.withUnsafeBufferPointer { Timestamp.parseISO8601(UnsafeBufferPointer(rebasing: $0[..<end])) }
      }
    case .none: break
    }
    return StoredItem(
      pk: pk, sk: sk, recordTime: recordTime, ttl: value(.ttl).flatMap(Self.integerSeconds),
      ix1: (value(.index1) ?? value(.index1Alias)).flatMap(Self.indexText),
      ix2: (value(.index2) ?? value(.index2Alias)).flatMap(Self.indexText), json: json,
      noncanonical: noncanonical,
      chain: profile.chain == nil ? nil : chainFields(seq: value(.seq), prevHash: value(.prevHash), hash: value(.hash), id: value(.chainID)))
  }

  /// The stored key of a `Keys` map (a REMOVE with only the keys).
  func key(of keys: Item) throws(DynamoJSONError) -> (pk: String, sk: String) {
    guard let pkValue = keys[profile.partitionKey] else {
      throw DynamoJSONError("Keys has no partition key \"\(profile.partitionKey)\" (profile \(profile.name))")
    }
    guard let pk = Self.keyText(pkValue), !pk.isEmpty else {
      throw DynamoJSONError("Keys: \"\(profile.partitionKey)\" is \(pkValue.descriptor)\(Self.keyText(pkValue) == "" ? ", empty" : "")")
    }
    guard let sortKey = profile.sortKey else { return (pk, "") }
    guard let skValue = keys[sortKey], let sk = Self.keyText(skValue), !sk.isEmpty else {
      throw DynamoJSONError("Keys has no sort key \"\(sortKey)\", or an empty one (profile \(profile.name))")
    }
    return (pk, sk)
  }

  /// Reads `seq`, `prevHash`, `hash` and the chain id (spec §1), noting what is missing or malformed.
  private func chainFields(seq seqValue: AttributeValue?, prevHash: AttributeValue?, hash: AttributeValue?, id: AttributeValue?) -> ChainFields {
    guard let names = profile.chain else { preconditionFailure("chainFields on an unchained profile") }
    var problems: [String] = []
    var seq: Int64? = nil
    switch seqValue {
    case nil: problems.append("no \"\(names.seq)\"")
    case .number(let n)?:
      if let v = Self.integerSeconds(.number(n)), v >= 1 { seq = v } else {
        problems.append("\"\(names.seq)\" is \(n), not a positive integer")
      }
    case let other?: problems.append("\"\(names.seq)\" is \(other.descriptor), not N")
    }
    func hashText(_ value: AttributeValue?, _ name: String) -> String? {
      switch value {
      case nil: problems.append("no \"\(name)\"")
      case .string(let s)?:
        if Self.isLowercaseHex64(s) { return String(decoding: s, as: UTF8.self) }
        problems.append("\"\(name)\" is not 64 lowercase hex digits")
      case let other?: problems.append("\"\(name)\" is \(other.descriptor), not S")
      }
      return nil
    }
    let prevHashText = hashText(prevHash, names.prevHash)
    let hashValue = hashText(hash, names.hash)
    var chainID = ""
    if let idName = self.names[Slot.chainID.rawValue] {
      if let id = id.flatMap(Self.keyText) { chainID = id } else {
        problems.append("no chain id \"\(String(decoding: idName, as: UTF8.self))\" (S, N or B)")
      }
    }
    return ChainFields(
      chainID: chainID, seq: seq, prevHash: prevHashText, hash: hashValue,
      problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
  }

  static func isLowercaseHex64(_ s: [UInt8]) -> Bool {
    s.count == 64 && s.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  static func keyText(_ value: AttributeValue) -> String? {
    switch value {
    case .string(let s): return String(decoding: s, as: UTF8.self)
    case .number(let n): return (try? DecimalNumber.normalize(n).get()) ?? n
    case .binary(let b): return CanonicalForm.base64(b)
    default: return nil
    }
  }

  static func indexText(_ value: AttributeValue) -> String? {
    switch value {
    case .bool(let b): return b ? "true" : "false"
    default: return keyText(value)
    }
  }

  /// An instant from ISO 8601 text, or from epoch seconds or milliseconds in an N.
  static func instant(_ value: AttributeValue) -> Int64? {
    switch value {
    case .string(let s): return s.withUnsafeBufferPointer { Timestamp.parseISO8601($0) }
    case .number(let n):
      guard let v = integerSeconds(.number(n)) else { return nil }
      return v >= 100_000_000_000 ? (Timestamp.representable.contains(v) ? v : nil) : Timestamp.milliseconds(seconds: v)
    default: return nil
    }
  }

  /// An integer N as Int64, if it is one.
  static func integerSeconds(_ value: AttributeValue) -> Int64? {
    guard case .number(let n) = value, let plain = try? DecimalNumber.normalize(n).get(),
      !plain.utf8.contains(UInt8(ascii: "."))
    else {
      return nil
    }
    return Int64(plain)
  }
}

extension StoredItem {
  /// Everything the store keeps of a row, as one string: two paths that must store the same
  /// row (the transcoder and the full decoder) are compared by it, in tests and in fuzzing.
  var fingerprint: String {
    let chainText = chain.map { "\($0.chainID)|\($0.seq.map(String.init) ?? "-")|\($0.prevHash ?? "-")|\($0.hash ?? "-")|\($0.problem ?? "-")" }
    return [
      pk, sk, recordTime.map(String.init) ?? "-", ttl.map(String.init) ?? "-", ix1 ?? "-", ix2 ?? "-",
      String(decoding: json, as: UTF8.self), noncanonical ?? "-", chainText ?? "-",
    ].joined(separator: "\n")
  }
}

extension ItemExtractor {
  /// A line's row through the import's fast path, and through the full decoder; the two must
  /// be the same row or the same error (the transcoder gives up on what it cannot write).
  func bothPaths(_ line: UnsafeBufferPointer<UInt8>, wrapper: DynamoJSONDecoder.ItemWrapper) -> (
    fast: Bool, viaImport: Result<String, DynamoJSONError>, viaDecoder: Result<String, DynamoJSONError>
  ) {
    var transcoder = self.transcoder()
    var probe = self.transcoder()
    let fast = probe.transcode(line, wrapper: wrapper) != nil
    let viaImport = Result { () throws(DynamoJSONError) in try storedItem(line: line, wrapper: wrapper, transcoder: &transcoder).fingerprint }
    let viaDecoder = Result { () throws(DynamoJSONError) in
      let decoded = try DynamoJSONDecoder.decodeItemLine(line, wrapper: wrapper)
      return try storedItem(decoded.item, loneSurrogate: decoded.loneSurrogate, rawLine: line).fingerprint
    }
    return (fast, viaImport, viaDecoder)
  }
}
