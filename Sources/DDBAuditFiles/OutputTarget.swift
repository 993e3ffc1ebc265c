import Crypto
import Foundation

/// Where a command's data goes: stdout (`-` or no `--output`), or an atomic file.
package final class OutputTarget {
  private let file: AtomicFile?
  private let standardOutput: StandardStream
  private var stdoutBuffer: [UInt8] = []

  /// `path` nil or `-` means `standardOutput`.
  package init(path: String?, standardOutput: StandardStream = .standardOutput) throws {
    if let path, path != "-" { file = try AtomicFile(path: path) } else { file = nil }
    self.standardOutput = standardOutput
  }

  package var path: String? { file?.path }

  package func write(_ bytes: some Collection<UInt8>) throws {
    if let file { return try file.write(bytes) }
    stdoutBuffer.append(contentsOf: bytes)
    if stdoutBuffer.count >= 1 << 16 { flushStdout() }
  }

  package func write(_ text: String) throws { try write(text.utf8) }

  private func flushStdout() {
    standardOutput.write(stdoutBuffer)  // stdout closed (a pipe to `head`): stop quietly
    stdoutBuffer.removeAll(keepingCapacity: true)
  }

  /// Finishes the output: flushes stdout, or commits the file.
  package func commit() throws {
    if let file { try file.commit() } else { flushStdout() }
  }
}
