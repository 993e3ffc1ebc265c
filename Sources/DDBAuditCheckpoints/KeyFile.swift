import Foundation
import DDBAuditModel
import DDBAuditFiles

/// Signing keys on disk: one signer key string (Go's `PRIVATE+KEY+…` form) and a newline, in a
/// file only its owner may read; and verifier keys given as the string or as a file holding it.
package enum KeyFile {
  /// Writes a new key named `name` to `path` with mode 0600, refusing to replace anything.
  package static func generate(name: String, path: String) throws -> NoteSigner {
    let signer: NoteSigner
    do { signer = try NoteSigner(generatingFor: name) } catch { throw DDBAuditError.usage("--name: \(error)") }
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      let why = errno == EEXIST ? "already exists; a key is never overwritten (remove it first, if you mean to)" : String(cString: strerror(errno))
      throw DDBAuditError.io(path: path, message: why)
    }
    defer { close(fd) }
    let bytes = Array((signer.keyString + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count, fsync(fd) == 0 else {
      unlink(path)
      throw DDBAuditError.io(path: path, message: "cannot write the key: \(String(cString: strerror(errno)))")
    }
    return signer
  }

  /// The signer key in the file at `path`.
  package static func signer(path: String) throws -> NoteSigner {
    let text = try firstLine(path)
    do { return try NoteSigner(text) } catch { throw DDBAuditError.badInput(path: path, line: 1, message: error.description) }
  }

  /// A verifier key: `argument` itself when it has the form name+id+key, else the first line
  /// of the file it names.
  package static func verifier(_ argument: String) throws -> NoteVerifier {
    if argument.split(separator: "+", maxSplits: 2).count == 3, !FileManager.default.fileExists(atPath: argument) {
      do { return try NoteVerifier(argument) } catch { throw DDBAuditError.usage("--trusted-key \(argument): \(error)") }
    }
    let text = try firstLine(argument)
    do { return try NoteVerifier(text) } catch { throw DDBAuditError.badInput(path: argument, line: 1, message: error.description) }
  }

  static func firstLine(_ path: String) throws -> String {
    let data = try InputFile.text(path)
    guard let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first else {
      throw DDBAuditError.badInput(path: path, line: 1, message: "the file is empty; it should hold a key")
    }
    return line.trimmingCharacters(in: .whitespaces)
  }
}
