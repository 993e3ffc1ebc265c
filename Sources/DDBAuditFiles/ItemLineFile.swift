import Crypto
import DDBGzip
import Foundation
import DDBAuditModel

/// Item lines in DynamoDB JSON, with or without the `Item` wrapper, gzipped or not: the
/// input of `ddbaudit hash`.
package enum ItemLineFile {
  /// How errors name the input: the path, or `<stdin>` for `-`.
  package static func label(_ path: String) -> String { path == "-" ? "<stdin>" : path }

  /// Calls `body` with each item and its line number. `path` `-` reads stdin. Bad lines
  /// throw `badInput` naming the file and line. A line holding a lone surrogate is refused as
  /// NONCANONICAL: it decodes to U+FFFD, so `"\ud800"` and `"\ufffd"` would hash alike.
  package static func forEachItem(path: String, _ body: (Item, Int) throws -> Void) throws {
    let label = Self.label(path)
    let reader = LineReader(path: path == "-" ? "/dev/stdin" : path, gzip: nil)
    _ = try reader.forEachLine(progress: { _ in }) { line, number in
      let decoded: (item: Item, loneSurrogate: Bool)
      do throws(DynamoJSONError) { decoded = try DynamoJSONDecoder.decodeItemLine(line, wrapper: .optional) } catch {
        throw DDBAuditError.badInput(path: label, line: number, message: error.message)
      }
      if decoded.loneSurrogate {
        throw DDBAuditError.badInput(
          path: label, line: number,
          message: "NONCANONICAL: a string holds a lone surrogate (an unpaired \\uD800–\\uDFFF escape), which has no canonical form (spec §2)")
      }
      try body(decoded.item, number)
    }
  }
}
