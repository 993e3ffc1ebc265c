internal import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libxlsxwriter failure, with the library's own message and the file concerned.
package struct XLSXError: Error, CustomStringConvertible, Sendable {
  package let code: Int32
  package let message: String
  package let file: String
  package var description: String { "\(file): \(message)" }
}

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

/// A cell format owned by its workbook.
package final class Format {
  let handle: UnsafeMutablePointer<lxw_format>
  init(handle: UnsafeMutablePointer<lxw_format>) { self.handle = handle }
  @discardableResult package func bold() -> Format { format_set_bold(handle); return self }
  @discardableResult package func numberFormat(_ f: String) -> Format { format_set_num_format(handle, f); return self }
  @discardableResult package func textWrap() -> Format { format_set_text_wrap(handle); return self }
  /// Font and fill colours as 0xRRGGBB.
  @discardableResult package func fontColor(_ rgb: UInt32) -> Format { format_set_font_color(handle, lxw_color_t(rgb)); return self }
  @discardableResult package func background(_ rgb: UInt32) -> Format { format_set_bg_color(handle, lxw_color_t(rgb)); return self }
  @discardableResult package func verticalTop() -> Format { format_set_align(handle, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)); return self }
}

/// A native Excel chart whose series are ranges of a sheet.
package final class Chart {
  package enum Kind: Sendable {
    case barStacked, bar, column, line
    var type: UInt8 {
      switch self {
      case .barStacked: UInt8(LXW_CHART_BAR_STACKED.rawValue)
      case .bar: UInt8(LXW_CHART_BAR.rawValue)
      case .column: UInt8(LXW_CHART_COLUMN.rawValue)
      case .line: UInt8(LXW_CHART_LINE.rawValue)
      }
    }
  }

  let handle: UnsafeMutablePointer<lxw_chart>
  init(handle: UnsafeMutablePointer<lxw_chart>) { self.handle = handle }

  package func title(_ text: String) { chart_title_set_name(handle, text) }

  /// No legend (a chart of one series).
  package func hideLegend() { chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }

  /// A series: categories and values as (first row, column, last row) of `sheet`, zero-based;
  /// `color` as 0xRRGGBB.
  package func addSeries(
    name: String, sheet: String, categoryColumn: Int, valueColumn: Int, firstRow: Int, lastRow: Int, color: UInt32? = nil
  ) {
    guard let series = chart_add_series(handle, nil, nil) else { return }
    chart_series_set_categories(series, sheet, lxw_row_t(firstRow), lxw_col_t(categoryColumn), lxw_row_t(lastRow), lxw_col_t(categoryColumn))
    chart_series_set_values(series, sheet, lxw_row_t(firstRow), lxw_col_t(valueColumn), lxw_row_t(lastRow), lxw_col_t(valueColumn))
    chart_series_set_name(series, name)
    if let color {
      var fill = lxw_chart_fill(color: lxw_color_t(color), none: 0, transparency: 0)
      chart_series_set_fill(series, &fill)
    }
  }
}

/// One sheet of a workbook.
package final class Worksheet {
  let handle: UnsafeMutablePointer<lxw_worksheet>
  package let name: String
  private unowned let workbook: Workbook

  /// Excel's limits: 1,048,576 rows and 32,767 characters a cell.
  package static let maxRows = 1_048_576
  package static let maxCellCharacters = 32_767

  init(handle: UnsafeMutablePointer<lxw_worksheet>, name: String, workbook: Workbook) {
    self.handle = handle
    self.name = name
    self.workbook = workbook
  }

  package func write(string: String, row: Int, column: Int, format: Format? = nil) throws {
    try workbook.check(worksheet_write_string(handle, lxw_row_t(row), lxw_col_t(column), string, format?.handle))
  }

  package func write(number: Double, row: Int, column: Int, format: Format? = nil) throws {
    try workbook.check(worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(column), number, format?.handle))
  }

  package func write(boolean: Bool, row: Int, column: Int, format: Format? = nil) throws {
    try workbook.check(worksheet_write_boolean(handle, lxw_row_t(row), lxw_col_t(column), boolean ? 1 : 0, format?.handle))
  }

  /// Writes an instant (milliseconds since 1970, UTC) as an Excel date serial number.
  /// A date and time (UTC), as libxlsxwriter turns it into Excel's date number. Excel holds
  /// the years 1900 to 9999 only: others are refused, for the caller to write as text.
  package func write(
    year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double, row: Int, column: Int, format: Format
  ) throws {
    guard (1900...9999).contains(year) else {
      throw XLSXError(code: Int32(LXW_ERROR_PARAMETER_VALIDATION.rawValue), message: "the year \(year) is outside Excel's dates (1900–9999)", file: workbook.path)
    }
    var datetime = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: Int32(hour), min: Int32(minute), sec: second)
    try workbook.check(worksheet_write_datetime(handle, lxw_row_t(row), lxw_col_t(column), &datetime, format.handle))
  }

  /// Page setup for printing: A4 landscape, fit to one page wide (as many pages tall as it
  /// takes), the first `repeatRows` rows on every page, and a header and footer. In `header`
  /// and `footer`, `&P` is the page, `&N` the page count, `&L` `&C` `&R` the left, centre and
  /// right parts; a literal `&` must be written `&&` (see `escapedForHeader`).
  package func printSetup(repeatRows: Int, header: String, footer: String) throws {
    worksheet_set_landscape(handle)
    worksheet_set_paper(handle, 9)  // A4
    worksheet_fit_to_pages(handle, 1, 0)
    if repeatRows > 0 { try workbook.check(worksheet_repeat_rows(handle, 0, lxw_row_t(repeatRows - 1))) }
    try workbook.check(worksheet_set_header(handle, String(header.prefix(255))))
    try workbook.check(worksheet_set_footer(handle, String(footer.prefix(255))))
  }

  /// Text as a header or footer shows it: `&` doubled.
  package static func escapedForHeader(_ text: String) -> String { text.split(separator: "&", omittingEmptySubsequences: false).joined(separator: "&&") }

  /// A row's height in points (15 is one line of the default font). In constant-memory mode,
  /// only the row being written may be set.
  package func setRow(_ row: Int, height: Double) throws {
    try workbook.check(worksheet_set_row(handle, lxw_row_t(row), height, nil))
  }

  /// Places `chart` with its top left corner at the cell, `xScale` and `yScale` times Excel's
  /// default size (480 × 288 pixels, about 15 rows).
  package func insert(_ chart: Chart, row: Int, column: Int, xScale: Double = 1, yScale: Double = 1) throws {
    var options = lxw_chart_options()
    options.x_scale = xScale
    options.y_scale = yScale
    try workbook.check(worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(column), chart.handle, &options))
  }

  package func setColumn(_ first: Int, _ last: Int, width: Double) throws {
    try workbook.check(worksheet_set_column(handle, lxw_col_t(first), lxw_col_t(last), width, nil))
  }

  package func freezePanes(row: Int, column: Int) {
    worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column))
  }

  package func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws {
    try workbook.check(
      worksheet_autofilter(handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)))
  }
}
