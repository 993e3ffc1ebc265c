import DDBXLSX
import Foundation
import Testing

@Suite struct WorkbookTests {
  func scratch() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ddbxlsx-\(UUID().uuidString).xlsx").path
  }

  @Test func badSheetNamesAreRefusedBeforeLibxlsxwriterSeesThem() throws {
    let path = scratch()
    defer { unlink(path) }
    let book = try Workbook(path: path)
    for name in ["", String(repeating: "x", count: 32), "a[b]", "a:b", "a/b", "'quoted'", "Évidence"] {
      #expect(throws: XLSXError.self, "\(name)") { _ = try book.addWorksheet(name) }
    }
    _ = try book.addWorksheet("Evidence")
    #expect(throws: XLSXError.self) { _ = try book.addWorksheet("EVIDENCE") }
    try book.close()
  }

  @Test func libxlsxwriterErrorsCarryItsMessageAndTheFile() throws {
    let path = scratch()
    defer { unlink(path) }
    let book = try Workbook(path: path)
    let sheet = try book.addWorksheet("S")
    do {
      try sheet.write(string: String(repeating: "x", count: 40_000), row: 0, column: 0)
      Issue.record("a 40,000-character string must be refused")
    } catch let error as XLSXError {
      #expect(error.file == path)
      #expect(error.message.lowercased().contains("32767") || error.message.lowercased().contains("string"), "\(error.message)")
    }
    try book.close()
  }

  @Test func anAbandonedWorkbookLeavesNoFile() throws {
    let path = scratch()
    do {
      let book = try Workbook(path: path)
      _ = try book.addWorksheet("S")
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
