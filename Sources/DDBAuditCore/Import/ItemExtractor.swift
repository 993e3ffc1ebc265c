/// Turns a decoded item into the row the store keeps, using the table's profile:
/// keys, record time, TTL, indexed attributes and the canonical JSON.
struct ItemExtractor: Sendable {
  let profile: TableProfile
  private let partitionKey: [UInt8]
  private let sortKey: [UInt8]?
  private let timeAttribute: [UInt8]?
  private let ttlAttribute: [UInt8]?
  private let indexAttributes: [[UInt8]]
  private let chainNames: (seq: [UInt8], prevHash: [UInt8], hash: [UInt8], id: [UInt8]?)?

  init(profile: TableProfile) {
    self.profile = profile
    partitionKey = Array(profile.partitionKey.utf8)
    sortKey = profile.sortKey.map { Array($0.utf8) }
    if case .attribute(let name) = profile.time { timeAttribute = Array(name.utf8) } else { timeAttribute = nil }
    ttlAttribute = profile.ttlAttribute.map { Array($0.utf8) }
    indexAttributes = profile.indexes.map { Array($0.utf8) }
    chainNames = profile.chain.map {
      (Array($0.seq.utf8), Array($0.prevHash.utf8), Array($0.hash.utf8), $0.global ? nil : Array(($0.chainId ?? profile.partitionKey).utf8))
    }
  }

  /// The stored row for `item`; `rawLine` is kept instead of the canonical form when there is none.
  func storedItem(_ item: Item, loneSurrogate: Bool, rawLine: UnsafeBufferPointer<UInt8>) throws(DynamoJSONError) -> StoredItem {
    var pkValue: AttributeValue?
    var skValue: AttributeValue?
    var timeValue: AttributeValue?
    var ttlValue: AttributeValue?
    var ix: [AttributeValue?] = [nil, nil]
    var chainValues: [AttributeValue?] = [nil, nil, nil, nil]
    for entry in item.entries {
      if let chainNames {
        if entry.name == chainNames.seq { chainValues[0] = entry.value }
        if entry.name == chainNames.prevHash { chainValues[1] = entry.value }
        if entry.name == chainNames.hash { chainValues[2] = entry.value }
        if entry.name == chainNames.id { chainValues[3] = entry.value }
      }
      let name = entry.name
      if name == partitionKey { pkValue = entry.value }
      if let sortKey, name == sortKey { skValue = entry.value }
      if let timeAttribute, name == timeAttribute { timeValue = entry.value }
      if let ttlAttribute, name == ttlAttribute { ttlValue = entry.value }
      for (k, attribute) in indexAttributes.enumerated() where name == attribute { ix[k] = entry.value }
    }
    guard let pkValue else {
      throw DynamoJSONError("item has no partition key \"\(profile.partitionKey)\" (profile \(profile.name); is --profile right?)")
    }
    guard let pk = Self.keyText(pkValue) else {
      throw DynamoJSONError("partition key \"\(profile.partitionKey)\" is \(pkValue.descriptor), not S, N or B")
    }
    var sk = ""
    if let sortKeyName = profile.sortKey {
      guard let skValue else {
        throw DynamoJSONError("item has no sort key \"\(sortKeyName)\" (profile \(profile.name); is --profile right?)")
      }
      guard let text = Self.keyText(skValue) else {
        throw DynamoJSONError("sort key \"\(sortKeyName)\" is \(skValue.descriptor), not S, N or B")
      }
      sk = text
    }
    var recordTime: Int64? = nil
    switch profile.time {
    case .attribute: recordTime = timeValue.flatMap(Self.instant)
    case .sortKeyPrefix:
      if case .string(let bytes)? = skValue {
        let prefix = bytes.split(separator: UInt8(ascii: "#"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        recordTime = prefix.withUnsafeBufferPointer { Timestamp.parseISO8601($0) }
      }
    case .none: break
    }
    var json: [UInt8]
    var noncanonical: String? = nil
    if loneSurrogate {
      noncanonical = "a string holds a lone surrogate (invalid UTF-16)"
    }
    do {
      json = try CanonicalForm.bytes(of: item)
    } catch {
      noncanonical = error.message
      json = []
    }
    if noncanonical != nil { json = Array(rawLine) }
    return StoredItem(
      pk: pk, sk: sk, recordTime: recordTime, ttl: ttlValue.flatMap(Self.integerSeconds),
      ix1: ix[0].flatMap(Self.indexText), ix2: ix[1].flatMap(Self.indexText), json: json, noncanonical: noncanonical,
      chain: chainNames == nil ? nil : chainFields(chainValues))
  }

  /// The stored key of a `Keys` map (a REMOVE with only the keys).
  func key(of keys: Item) throws(DynamoJSONError) -> (pk: String, sk: String) {
    guard let pkValue = keys[profile.partitionKey] else {
      throw DynamoJSONError("Keys has no partition key \"\(profile.partitionKey)\" (profile \(profile.name))")
    }
    guard let pk = Self.keyText(pkValue) else { throw DynamoJSONError("Keys: \"\(profile.partitionKey)\" is \(pkValue.descriptor)") }
    guard let sortKey = profile.sortKey else { return (pk, "") }
    guard let skValue = keys[sortKey], let sk = Self.keyText(skValue) else {
      throw DynamoJSONError("Keys has no sort key \"\(sortKey)\" (profile \(profile.name))")
    }
    return (pk, sk)
  }

  /// Reads `seq`, `prevHash`, `hash` and the chain id (spec §1), noting what is missing or malformed.
  private func chainFields(_ values: [AttributeValue?]) -> ChainFields {
    guard let names = profile.chain else { preconditionFailure("chainFields on an unchained profile") }
    var problems: [String] = []
    var seq: Int64? = nil
    switch values[0] {
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
    let prevHash = hashText(values[1], names.prevHash)
    let hash = hashText(values[2], names.hash)
    var chainID = ""
    if let idName = chainNames?.id {
      if let id = values[3].flatMap(Self.keyText) { chainID = id } else {
        problems.append("no chain id \"\(String(decoding: idName, as: UTF8.self))\" (S, N or B)")
      }
    }
    return ChainFields(
      chainID: chainID, seq: seq, prevHash: prevHash, hash: hash,
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
      return v >= 100_000_000_000 ? v : v * 1000
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
