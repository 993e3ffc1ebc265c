import Foundation
import DDBAuditModel
import DDBAuditFiles

/// The `--rejects` file: written to a temporary name and renamed only when the import commits.
/// The `--rejects` file: one JSON line per refused input line, written atomically (it
/// appears only when the import commits), under the overwrite rule of every output.
final class RejectsFile {
  private let file: AtomicFile

  init(path: String) throws { file = try AtomicFile(path: path) }

  func append(_ lines: [RejectedLine]) throws {
    for line in lines {
      let object: JSONValue = .object([
        ("file", .string(line.path)), ("line", .int(Int64(line.line))), ("reason", .string(line.reason)), ("text", .string(line.text)),
      ])
      try file.write(object.bytes() + [0x0A])
    }
  }

  func commit() throws { try file.commit() }
}
