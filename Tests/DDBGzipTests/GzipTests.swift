import Testing

@testable import DDBGzip

func inflateAll(_ bytes: [UInt8]) throws -> [UInt8] {
  var out: [UInt8] = []
  let inflater = try Inflater(outputChunk: 7)  // tiny chunks exercise the output loop
  try bytes.withUnsafeBytes { raw in try inflater.push(raw) { out.append(contentsOf: $0) } }
  try inflater.finish()
  return out
}

@Suite struct GzipTests {
  @Test func roundTrips() throws {
    let text = Array(String(repeating: "{\"Item\":{}}\n", count: 1000).utf8)
    #expect(try inflateAll(gzip(text)) == text)
  }

  @Test func concatenatedMembersReadAsOneStream() throws {
    #expect(try inflateAll(gzip(Array("a\n".utf8)) + gzip(Array("b\n".utf8))) == Array("a\nb\n".utf8))
  }

  @Test func anEmptyStreamIsEmpty() throws {
    #expect(try inflateAll(gzip([])) == [])
  }

  @Test func truncationIsAnError() throws {
    let compressed = try gzip(Array(String(repeating: "x", count: 5000).utf8))
    #expect(throws: GzipError.self) { try inflateAll(Array(compressed.prefix(compressed.count - 4))) }
  }

  @Test func garbageAfterTheStreamIsAnError() throws {
    #expect(throws: GzipError.self) { try inflateAll(gzip([1, 2, 3]) + [0x00, 0x01]) }
  }

  @Test func corruptDataIsAnError() throws {
    var compressed = try gzip(Array(String(repeating: "hello ", count: 100).utf8))
    compressed[12] ^= 0xFF
    #expect(throws: GzipError.self) { try inflateAll(compressed) }
  }
}
