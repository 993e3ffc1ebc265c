internal import CXLSXWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
