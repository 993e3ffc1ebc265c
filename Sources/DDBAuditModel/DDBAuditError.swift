/// Every failure the engine reports, with the context a user needs to act on it.
///
/// Commands print `description` on stderr; the CLI alone maps each case to an exit code.
package enum DDBAuditError: Error, CustomStringConvertible, Sendable {
  /// Input that is not what it claims to be: `file:line: what is wrong`.
  case badInput(path: String, line: Int?, message: String)
  /// A checksum or count in a manifest that the data does not match.
  case checksumMismatch(path: String, message: String)
  /// A file that cannot be read or written.
  case io(path: String, message: String)
  /// A store whose content ddbaudit cannot read back: an item, a learned profile or a schema
  /// that is not what ddbaudit wrote, or a store that needs an upgrade or a rollback first.
  case corruptStore(path: String, message: String)
  /// A check found nothing to check (no store, no tables, no items): a gate that checks
  /// nothing must not pass.
  case nothingToCheck(path: String, message: String)
  /// A command-line mistake, found after parsing.
  case usage(String)
  /// Another ddbaudit run holds the lock.
  case lockHeld(path: String)
  /// The run was interrupted (Ctrl-C); nothing was changed.
  case interrupted
  /// Something ddbaudit itself got wrong (a broken invariant), never the input's fault.
  case internalInvariant(String)

  package var description: String {
    switch self {
    case .badInput(let path, let line?, let message): "\(path):\(line): \(message)"
    case .badInput(let path, nil, let message): "\(path): \(message)"
    case .checksumMismatch(let path, let message): "\(path): \(message)"
    case .io(let path, let message): "\(path): \(message)"
    case .corruptStore(let path, let message): "\(path): \(message)"
    case .nothingToCheck(let path, let message): "\(path): nothing to check: \(message)"
    case .usage(let message): message
    case .lockHeld(let path): "another ddbaudit run holds the lock \(path)"
    case .interrupted: "interrupted; nothing was changed"
    case .internalInvariant(let message): "internal error (please report it): \(message)"
    }
  }
}
