import Foundation

/// Reads the cells of an .xlsx file's sheets (via `unzip`), resolving shared strings, so
/// that tests check what Excel would show: values, types and sheets.
package struct XLSXFile {
  package struct Cell: Equatable {
    /// `s` (shared string), `inlineStr`, `str`, `b`, or nil for a number.
    package var type: String?
    package var value: String
    /// The style index (dates have a date-format style).
    package var style: Int?
  }

  package let path: String
  package let sheetNames: [String]
  private let sharedStrings: [String]

  package init(path: String) throws {
    self.path = path
    let workbook = try Self.entry(path, "xl/workbook.xml")
    sheetNames = Self.matches(#"<sheet name="([^"]*)""#, in: workbook).map { Self.unescape($0[1]) }
    let shared = (try? Self.entry(path, "xl/sharedStrings.xml")) ?? ""
    sharedStrings = Self.matches(#"<si>(.*?)</si>"#, in: shared).map { si in
      Self.unescape(Self.matches(#"<t[^>]*>(.*?)</t>"#, in: si[1]).map { $0[1] }.joined())
    }
  }

  /// The cells of the sheet named `name`, by reference ("A1").
  package func cells(sheet name: String) throws -> [String: Cell] {
    guard let index = sheetNames.firstIndex(of: name) else { throw CocoaError(.fileNoSuchFile) }
    let xml = try Self.entry(path, "xl/worksheets/sheet\(index + 1).xml")
    var cells: [String: Cell] = [:]
    for m in Self.matches(#"<c r="([A-Z]+[0-9]+)"((?: [a-z]+="[^"]*")*)(?:/>|>(.*?)</c>)"#, in: xml) {
      let attributes = m[2]
      let type = Self.matches(#" t="([^"]*)""#, in: attributes).first?[1]
      let style = Self.matches(#" s="([0-9]+)""#, in: attributes).first.flatMap { Int($0[1]) }
      let body = m[3]
      var value = Self.matches(#"<v>(.*?)</v>"#, in: body).first?[1] ?? ""
      if type == "s", let k = Int(value) { value = sharedStrings[k] }
      if type == "inlineStr" || type == "str" && value.isEmpty {
        value = Self.matches(#"<t[^>]*>(.*?)</t>"#, in: body).map { $0[1] }.joined()
      }
      cells[m[1]] = Cell(type: type, value: Self.unescape(value), style: style)
    }
    return cells
  }

  /// The raw XML of a sheet.
  package func sheetXML(_ name: String) throws -> String {
    try Self.entry(path, "xl/worksheets/sheet\(sheetNames.firstIndex(of: name)! + 1).xml")
  }

  package static func entry(_ path: String, _ name: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    process.arguments = ["-p", path, name]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return String(decoding: data, as: UTF8.self)
  }

  static func matches(_ pattern: String, in text: String) -> [[String]] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
      (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }
  }

  static func unescape(_ s: String) -> String {
    s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
