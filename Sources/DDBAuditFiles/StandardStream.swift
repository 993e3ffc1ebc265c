import Foundation

/// Where a command's stdout (or stderr) bytes go: the process's file descriptor, or, for a
/// command run in-process by a test, a buffer.
package struct StandardStream: Sendable {
  /// Writes the bytes; false when the stream is closed (a pipe to `head`).
  private let sink: @Sendable ([UInt8]) -> Bool

  package init(_ sink: @escaping @Sendable ([UInt8]) -> Bool) { self.sink = sink }

  package static let standardOutput = StandardStream { writeAll(STDOUT_FILENO, $0) == nil }
  package static let standardError = StandardStream { writeAll(STDERR_FILENO, $0) == nil }

  @discardableResult
  package func write(_ bytes: [UInt8]) -> Bool { bytes.isEmpty || sink(bytes) }

  @discardableResult
  package func write(_ text: String) -> Bool { write(Array(text.utf8)) }
}
