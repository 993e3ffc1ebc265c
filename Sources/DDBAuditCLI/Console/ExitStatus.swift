import DDBAuditModel

/// The exit codes of every command, in one table: the help texts and the README list them
/// from here.
enum ExitStatus: Int32, CaseIterable {
  case success = 0
  case findings = 1
  case failure = 2
  case usage = 64
  case locked = 75
  case interrupted = 130

  /// What the code means, for the EXIT CODES sections of the help.
  var meaning: String {
    switch self {
    case .success: "success"
    case .findings: "findings at or above --fail-on (--exit-zero turns this into 0)"
    case .failure: "bad input, a checksum mismatch, nothing to check, or a runtime error; nothing was changed"
    case .usage: "usage error: an unknown flag, a missing or invalid value"
    case .locked: "another ddbaudit run holds the lock"
    case .interrupted: "interrupted (Ctrl-C or SIGTERM); nothing was changed"
    }
  }

  /// An EXIT CODES section listing `codes`, with a command-specific meaning where given;
  /// wrapped to 78 columns with a hanging indent, so that the help never re-wraps it.
  static func help(_ codes: [ExitStatus], _ overrides: [ExitStatus: String] = [:]) -> String {
    "EXIT CODES\n"
      + codes.map { code in
        let number = String(code.rawValue)
        return wrap("  " + number + String(repeating: " ", count: 5 - number.count), overrides[code] ?? code.meaning)
      }.joined(separator: "\n")
  }

  /// `text` after `prefix`, wrapped at word boundaries to 78 columns.
  static func wrap(_ prefix: String, _ text: String, width: Int = 78) -> String {
    var lines: [String] = []
    var line = prefix
    for word in text.split(separator: " ") {
      if line.count + 1 + word.count > width && line.count > prefix.count {
        lines.append(line)
        line = String(repeating: " ", count: prefix.count) + word
      } else {
        line += (line.count > prefix.count ? " " : "") + word
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// The codes of a command that reads the store and writes data or files, with no findings.
  static let reading: [ExitStatus] = [.success, .failure, .usage, .interrupted]
  /// The codes of a command whose findings can fail a CI job.
  static let checking: [ExitStatus] = [.success, .findings, .failure, .usage, .interrupted]
}

extension DDBAuditError {
  /// The exit status this error ends the process with: 64 for a usage mistake, 75 when the
  /// lock is held, 130 when interrupted, and 2 for every data, file, store or internal failure.
  var exitStatus: ExitStatus {
    switch self {
    case .usage: .usage
    case .lockHeld: .locked
    case .interrupted: .interrupted
    case .badInput, .checksumMismatch, .io, .corruptStore, .nothingToCheck, .internalInvariant: .failure
    }
  }
}
