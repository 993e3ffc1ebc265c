/// The ten DynamoDB type descriptors, matched case-insensitively.
enum Descriptor {
  case s, n, b, bool, null, m, l, ss, ns, bs

  init?(_ bytes: [UInt8]) {
    var upper: UInt64 = 0
    // Packed into a UInt64, a leading NUL would vanish ("\u0000S" would read as "S"): only
    // letters belong in a descriptor.
    guard (1...4).contains(bytes.count), bytes.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
    for c in bytes {
      let u = (c >= 0x61 && c <= 0x7A) ? c - 0x20 : c
      upper = upper << 8 | UInt64(u)
    }
    func code(_ s: StaticString) -> UInt64 {
      var v: UInt64 = 0
      for k in 0..<s.utf8CodeUnitCount { v = v << 8 | UInt64(s.utf8Start[k]) }
      return v
    }
    switch upper {
    case code("S"): self = .s
    case code("N"): self = .n
    case code("B"): self = .b
    case code("BOOL"): self = .bool
    case code("NULL"): self = .null
    case code("M"): self = .m
    case code("L"): self = .l
    case code("SS"): self = .ss
    case code("NS"): self = .ns
    case code("BS"): self = .bs
    default: return nil
    }
  }
}
