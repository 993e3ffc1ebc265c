internal import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
