import DDBSQLite

/// Every failure the engine reports, with the context a user needs to act on it.
///
/// Commands print `description` on stderr and exit with `exitCode`.
public enum DDBAuditError: Error, CustomStringConvertible, Sendable {
  /// Input that is not what it claims to be: `file:line: what is wrong`.
  case badInput(path: String, line: Int?, message: String)
  /// A checksum or count in a manifest that the data does not match.
  case checksumMismatch(path: String, message: String)
  /// A file that cannot be read or written.
  case io(path: String, message: String)
  /// A failure inside the SQLite store.
  case store(path: String, error: SQLiteError)
  /// A check found nothing to check (no store, no tables, no items): a gate that checks
  /// nothing must not pass.
  case nothingToCheck(path: String, message: String)
  /// A command-line mistake, found after parsing (exit 64).
  case usage(String)
  /// Another ddbaudit run holds the lock (exit 75).
  case lockHeld(path: String)
  /// The run was interrupted (Ctrl-C); nothing was changed.
  case interrupted

  public var description: String {
    switch self {
    case .badInput(let path, let line?, let message): "\(path):\(line): \(message)"
    case .badInput(let path, nil, let message): "\(path): \(message)"
    case .checksumMismatch(let path, let message): "\(path): \(message)"
    case .io(let path, let message): "\(path): \(message)"
    case .nothingToCheck(let path, let message): "\(path): nothing to check: \(message)"
    case .store(let path, let error): "\(path): \(error.summary)"
    case .usage(let message): message
    case .lockHeld(let path): "another ddbaudit run holds the lock \(path)"
    case .interrupted: "interrupted; nothing was changed"
    }
  }

  /// The description with what only developers need: the SQL statement of a store error.
  public var verboseDescription: String {
    if case .store(let path, let error) = self { return "\(path): \(error)" }
    return description
  }

  /// The process exit code: 2 for data and runtime errors, 64 usage, 75 lock held, 130 interrupted.
  public var exitCode: Int32 {
    switch self {
    case .usage: 64
    case .lockHeld: 75
    case .interrupted: 130
    default: 2
    }
  }
}
