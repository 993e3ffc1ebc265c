internal import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libxlsxwriter version compiled against, such as "1.1.4".
package let xlsxwriterVersion: String = LXW_VERSION

/// An .xlsx workbook being written. Nothing is on disk until `close()` succeeds.
///
/// libxlsxwriter writes straight to the file name it is given, so callers that need
/// atomic output pass a temporary path and rename it after `close()`.
package final class Workbook {
  private var handle: UnsafeMutablePointer<lxw_workbook>?
  package let path: String
  private var sheets: [Worksheet] = []

  package struct Options: Sendable {
    /// Flush each row to a temp file as the next one is written: bounded memory, rows in order.
    package var constantMemory = false
    /// Where libxlsxwriter keeps its temporary files.
    package var temporaryDirectory: String? = nil
    /// The document's creation time, as seconds since 1970; fixed for reproducible files.
    package var created: Int64? = nil
    package var title: String? = nil
    package init() {}
  }

  package init(path: String, options: Options = Options()) throws {
    self.path = path
    var opts = lxw_workbook_options()
    opts.constant_memory = options.constantMemory ? 1 : 0
    let tmp = options.temporaryDirectory.map { strdup($0) } ?? nil
    defer { free(tmp) }
    opts.tmpdir = tmp
    guard let wb = workbook_new_opt(path, &opts) else {
      throw XLSXError(code: -1, message: "cannot create workbook", file: path)
    }
    handle = wb
    if options.created != nil || options.title != nil {
      var props = lxw_doc_properties()
      props.created = time_t(options.created ?? 0)
      let title = options.title.map { strdup($0) } ?? nil
      defer { free(title) }
      props.title = title
      try check(workbook_set_properties(wb, &props))
    }
  }

  deinit {
    // An unclosed workbook is abandoned: close it to free it, and remove the partial file.
    if let handle {
      _ = workbook_close(handle)
      unlink(path)
    }
  }

  /// Checks a sheet name against Excel's rules before libxlsxwriter sees it
  /// (1.1.4 overflows on some bad names): 1–31 characters, none of `[]:*?/\`,
  /// no leading or trailing apostrophe, and ASCII only here.
  package static func validateSheetName(_ name: String) -> String? {
    if name.isEmpty || name.utf8.count > 31 { return "sheet name must be 1 to 31 characters" }
    if name.utf8.contains(where: { $0 >= 0x80 || $0 < 0x20 }) { return "sheet name must be printable ASCII" }
    if name.contains(where: { "[]:*?/\\".contains($0) }) { return "sheet name must not contain []:*?/\\" }
    if name.hasPrefix("'") || name.hasSuffix("'") { return "sheet name must not start or end with an apostrophe" }
    return nil
  }

  package func addWorksheet(_ name: String) throws -> Worksheet {
    guard let handle else { throw XLSXError(code: -1, message: "workbook is closed", file: path) }
    if let problem = Workbook.validateSheetName(name) {
      throw XLSXError(code: -1, message: "\(problem): \"\(name)\"", file: path)
    }
    if sheets.contains(where: { $0.name.lowercased() == name.lowercased() }) {
      throw XLSXError(code: -1, message: "duplicate sheet name \"\(name)\"", file: path)
    }
    guard let ws = workbook_add_worksheet(handle, name) else {
      throw XLSXError(code: -1, message: "cannot add worksheet \"\(name)\"", file: path)
    }
    let sheet = Worksheet(handle: ws, name: name, workbook: self)
    sheets.append(sheet)
    return sheet
  }

  /// A native chart; the workbook owns it, and it appears once inserted into a sheet.
  package func addChart(_ kind: Chart.Kind) throws -> Chart {
    guard let handle else { throw XLSXError(code: -1, message: "workbook is closed", file: path) }
    guard let chart = workbook_add_chart(handle, kind.type) else {
      throw XLSXError(code: -1, message: "libxlsxwriter could not make a chart", file: path)
    }
    return Chart(handle: chart)
  }

  package func addFormat() throws -> Format {
    guard let handle, let f = workbook_add_format(handle) else {
      throw XLSXError(code: -1, message: "cannot add format", file: path)
    }
    return Format(handle: f)
  }

  /// Writes the file. The workbook cannot be used afterwards, whether or not this throws.
  package func close() throws {
    guard let h = handle else { return }
    handle = nil
    try check(workbook_close(h))
  }

  func check(_ error: lxw_error) throws {
    if error != LXW_NO_ERROR {
      throw XLSXError(code: Int32(error.rawValue), message: String(cString: lxw_strerror(error)), file: path)
    }
  }
}
