internal import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
