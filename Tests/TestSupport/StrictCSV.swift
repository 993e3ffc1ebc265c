import Foundation

/// A strict RFC 4180 parser: it throws on anything the RFC does not allow (a quote inside an
/// unquoted field, text after a closing quote, an unterminated quote, a bare CR).
package enum StrictCSV {
  package struct Malformed: Error, CustomStringConvertible {
    package var description: String
  }

  package static func parse(_ text: String, lineEnding: String = "\r\n") throws -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    let chars = Array(text.unicodeScalars)
    var i = 0
    var atFieldStart = true
    func endRecord() {
      record.append(field)
      records.append(record)
      record = []
      field = ""
      atFieldStart = true
    }
    while i < chars.count {
      let c = chars[i]
      if atFieldStart && c == "\"" {
        i += 1
        while true {
          guard i < chars.count else { throw Malformed(description: "unterminated quoted field in record \(records.count + 1)") }
          if chars[i] == "\"" {
            if i + 1 < chars.count && chars[i + 1] == "\"" {
              field.unicodeScalars.append("\"")
              i += 2
              continue
            }
            i += 1
            break
          }
          field.unicodeScalars.append(chars[i])
          i += 1
        }
        atFieldStart = false
        guard i == chars.count || chars[i] == "," || chars[i] == "\r" || chars[i] == "\n" else {
          throw Malformed(description: "text after a closing quote in record \(records.count + 1)")
        }
        continue
      }
      switch c {
      case ",":
        record.append(field)
        field = ""
        atFieldStart = true
        i += 1
      case "\r":
        guard lineEnding == "\r\n", i + 1 < chars.count, chars[i + 1] == "\n" else {
          throw Malformed(description: "bare CR in record \(records.count + 1)")
        }
        endRecord()
        i += 2
      case "\n":
        guard lineEnding == "\n" else { throw Malformed(description: "LF without CR in record \(records.count + 1)") }
        endRecord()
        i += 1
      case "\"":
        throw Malformed(description: "quote inside an unquoted field in record \(records.count + 1)")
      default:
        field.unicodeScalars.append(c)
        atFieldStart = false
        i += 1
      }
    }
    if !field.isEmpty || !record.isEmpty { endRecord() }
    return records
  }
}
