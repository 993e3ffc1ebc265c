import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditReports

@Suite struct CSVTests {
  @Test func owaspFormulaVectorIsNeutralised() {
    let csv = CSVWriter()
    #expect(String(decoding: csv.record([.text("=1+2\";=1+2")]), as: UTF8.self) == "\"'=1+2\"\";=1+2\"\r\n")
    for start in ["=", "+", "-", "@", "\t", "\r", "\n"] {
      let text = String(decoding: csv.record([.text(start + "x")]), as: UTF8.self)
      #expect(text.hasPrefix("'") || text.hasPrefix("\"'"), "\(start.debugDescription)")
    }
  }

  @Test func numberCellsAreLeftAlone() {
    let csv = CSVWriter()
    #expect(String(decoding: csv.record([.number("-5"), .text("-5")]), as: UTF8.self) == "-5,'-5\r\n")
    var off = CSVOptions()
    off.formulaEscape = false
    #expect(String(decoding: CSVWriter(options: off).record([.text("=SUM(A1)")]), as: UTF8.self) == "=SUM(A1)\r\n")
  }

  @Test func bomOnlyWhenAskedAndLFOnRequest() {
    #expect(CSVWriter().preamble.isEmpty)
    var o = CSVOptions()
    o.bom = true
    o.crlf = false
    let csv = CSVWriter(options: o)
    #expect(csv.preamble == [0xEF, 0xBB, 0xBF])
    #expect(csv.record(["a", "b"]) == Array("a,b\n".utf8))
  }

  @Test func awkwardFieldsRoundTripThroughAStrictParser() throws {
    var rng = SplitMix64(seed: 99)
    let alphabet = ["a", ",", "\"", "\r", "\n", "\r\n", " ", "é", "😀", "=", "'", "\t", "x"]
    var records: [[String]] = []
    for _ in 0..<200 {
      records.append((0..<4).map { _ in (0..<rng.int(0...6)).map { _ in rng.pick(alphabet) }.joined() })
    }
    var off = CSVOptions()
    off.formulaEscape = false
    let csv = CSVWriter(options: off)
    let text = String(decoding: records.flatMap { csv.record($0) }, as: UTF8.self)
    #expect(try StrictCSV.parse(text) == records)
  }
}
