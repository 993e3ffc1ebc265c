/// 1-based line numbers of byte offsets, counted forward from the last offset asked about.
struct LineCounter {
  let bytes: UnsafeBufferPointer<UInt8>
  private var offset = 0
  private var line = 1

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func line(at target: Int) -> Int {
    let target = min(target, bytes.count)
    if target < offset {
      offset = 0
      line = 1
    }
    while offset < target {
      if bytes[offset] == 0x0A { line += 1 }
      offset += 1
    }
    return line
  }
}
