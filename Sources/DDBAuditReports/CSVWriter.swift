import DDBAuditModel

/// Writes RFC 4180 CSV rows to a byte sink.
package struct CSVWriter {
  package let options: CSVOptions
  package init(options: CSVOptions = CSVOptions()) { self.options = options }

  /// The bytes that start a file (the BOM, when asked for).
  package var preamble: [UInt8] { options.bom ? [0xEF, 0xBB, 0xBF] : [] }

  /// One record: fields quoted when they hold `,` `"` CR or LF, quotes doubled.
  package func record(_ cells: [Cell]) -> [UInt8] {
    var out: [UInt8] = []
    for (k, cell) in cells.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      Array(cell.text.utf8).withUnsafeBufferPointer { appendField($0, text: Self.isText(cell), to: &out) }
    }
    out.append(contentsOf: options.crlf ? [0x0D, 0x0A] : [0x0A])
    return out
  }

  /// Appends one field from a typed value in canonical DynamoDB JSON (`{"S":"…"}`): S and N
  /// values without escapes are copied byte for byte; anything else goes through `Cell`.
  package func appendTypedField(_ typed: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    let backslash = UInt8(ascii: "\\")
    if typed.count >= 8, typed[0] == UInt8(ascii: "{"), typed[1] == 0x22, typed[3] == 0x22, typed[4] == UInt8(ascii: ":"),
      typed[5] == 0x22, !typed.contains(backslash)
    {
      let body = UnsafeBufferPointer(rebasing: typed[6..<(typed.count - 2)])
      if typed[2] == UInt8(ascii: "N") {
        out.append(contentsOf: body)
        return
      }
      if typed[2] == UInt8(ascii: "S") {
        appendField(body, text: true, to: &out)
        return
      }
    }
    let cell = QueryRunner.cell(Array(typed))
    Array(cell.text.utf8).withUnsafeBufferPointer { appendField($0, text: Self.isText(cell), to: &out) }
  }

  /// Appends one field's bytes: formula-escaped when it is text, quoted when it must be.
  func appendField(_ text: UnsafeBufferPointer<UInt8>, text isText: Bool, to out: inout [UInt8]) {
    let escape = options.formulaEscape && isText && text.first.map { Self.formulaStarts.contains($0) } == true
    let quote = text.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
    if quote { out.append(0x22) }
    if escape { out.append(UInt8(ascii: "'")) }
    if quote {
      for byte in text {
        if byte == 0x22 { out.append(0x22) }
        out.append(byte)
      }
      out.append(0x22)
    } else {
      out.append(contentsOf: text)
    }
  }

  /// A record of plain text fields.
  package func record(_ fields: [String]) -> [UInt8] { record(fields.map(Cell.text)) }

  static let formulaStarts: Set<UInt8> = [
    UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A,
  ]

  static func isText(_ cell: Cell) -> Bool {
    switch cell {
    case .text, .json: true
    default: false
    }
  }
}
