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
