import Foundation
import DDBAuditModel
import DDBAuditFiles

/// The files of one user pool snapshot, and how each is read (docs/access-review.md):
///
/// - `list-users` output (`{"Users": […], "PaginationToken": …}`, pages appended) and
///   `admin-get-user` output (`{"Username": …, "UserAttributes": […]}`) give users;
/// - `list-groups` output (`{"Groups": […]}`) gives the pool's groups;
/// - `admin-list-groups-for-user` output, saved as `groups-for-user/USERNAME.json` in the
///   snapshot folder, gives one user's groups.
struct CognitoFiles {
  var users: [String] = []
  var groups: [String] = []
  var memberships: [(username: String, path: String)] = []

  /// Every file, in the order their bytes make the snapshot's identity.
  var all: [String] { users + groups + memberships.map(\.path) }

  /// The files at `path`: a snapshot folder, or one file.
  static func at(_ path: String) throws -> CognitoFiles {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DDBAuditError.io(path: path, message: "no such file or folder")
    }
    var files = CognitoFiles()
    guard isDirectory.boolValue else {
      try files.add(path)
      return files
    }
    let folder = URL(fileURLWithPath: path)
    for name in try list(folder) where name.hasSuffix(".json") { try files.add(folder.appendingPathComponent(name).path) }
    let perUser = folder.appendingPathComponent("groups-for-user")
    if FileManager.default.fileExists(atPath: perUser.path) {
      for name in try list(perUser) where name.hasSuffix(".json") {
        files.memberships.append((String(name.dropLast(5)), perUser.appendingPathComponent(name).path))
      }
    }
    if files.users.isEmpty {
      throw DDBAuditError.badInput(path: path, line: nil, message: "no list-users or admin-get-user output in this folder (docs/access-review.md)")
    }
    return files
  }

  /// Whether the folder at `path` looks like a pool snapshot: it has a `users.json`.
  static func isSnapshotFolder(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent("users.json").path)
  }

  private static func list(_ folder: URL) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted { UTF16Order.less($0, $1) }
    } catch { throw DDBAuditError.io(path: folder.path, message: "cannot list the folder: \(error.localizedDescription)") }
  }

  private mutating func add(_ path: String) throws {
    switch try Self.kind(path) {
    case "Groups": groups.append(path)
    default: users.append(path)
    }
  }

  /// The first member name of the file's first JSON value: `Users`, `Username` or `Groups`.
  static func kind(_ path: String) throws -> String {
    let head = try SourceReader.readHead(path)
    return try head.withUnsafeBufferPointer { buffer in
      var scanner = JSONLexer(buffer)
      scanner.skipWhitespace()
      guard scanner.peek == UInt8(ascii: "{") else {
        throw DDBAuditError.badInput(path: path, line: 1, message: "not Cognito output: expected a JSON object")
      }
      scanner.i += 1
      guard let name = try? scanner.skipString() else {
        throw DDBAuditError.badInput(path: path, line: 1, message: "not Cognito output: expected a member name")
      }
      let first = scanner.text((name.lowerBound + 1)..<(name.upperBound - 1))
      switch first {
      case "Users", "PaginationToken", "Username", "UserAttributes": return "Users"
      case "Groups", "NextToken": return "Groups"
      default:
        throw DDBAuditError.badInput(
          path: path, line: 1,
          message: "\"\(first)\" is not the first member of list-users, admin-get-user or list-groups output")
      }
    }
  }
}

/// Reads users and groups from Cognito output, value by value from a mapped file.
enum CognitoReader {
  /// Calls `body` with each user of a list-users or admin-get-user file, and its line.
  static func forEachUser(path: String, _ body: (PoolUser, Int) throws -> Void) throws {
    try SourceReader.forEachValue(path: path) { scanner, value, page, lines in
      var users: [Range<Int>] = []
      var single = false
      var known = false
      try scanner.members(of: value) { name, range in
        if name.elementsEqual("Users".utf8) {
          known = true
          var elements = JSONLexer(scanner.bytes, at: range.lowerBound)
          guard scanner.bytes[range.lowerBound] == UInt8(ascii: "[") else {
            throw DDBAuditError.badInput(path: path, line: lines.line(at: range.lowerBound), message: "\"Users\" is not an array")
          }
          try elements.elements { users.append($0) }
        } else if name.elementsEqual("Username".utf8) {
          known = true
          single = true
        }
      }
      guard known else {
        throw DDBAuditError.badInput(
          path: path, line: lines.line(at: value.lowerBound),
          message: "value \(page) has neither \"Users\" nor \"Username\": not list-users or admin-get-user output")
      }
      if single { users = [value] }
      for range in users {
        let line = lines.line(at: range.lowerBound)
        let json: JSONValue
        do throws(DynamoJSONError) { json = try JSONValue.parse(Array(scanner.slice(range))) } catch {
          throw DDBAuditError.badInput(path: path, line: line, message: error.message)
        }
        do { try body(try user(json), line) } catch let problem as Problem {
          throw DDBAuditError.badInput(path: path, line: line, message: problem.message)
        }
      }
    }
  }

  /// The groups of a list-groups or admin-list-groups-for-user file: each group's name, its
  /// JSON, and the pool ids the groups name.
  static func groups(path: String) throws -> [(name: String, json: JSONValue, pool: String?)] {
    var out: [(String, JSONValue, String?)] = []
    try SourceReader.forEachValue(path: path) { scanner, value, page, lines in
      let json: JSONValue
      do throws(DynamoJSONError) { json = try JSONValue.parse(Array(scanner.slice(value))) } catch {
        throw DDBAuditError.badInput(path: path, line: lines.line(at: value.lowerBound), message: error.message)
      }
      guard case .array(let groups)? = json[member: "Groups"] else {
        throw DDBAuditError.badInput(
          path: path, line: lines.line(at: value.lowerBound), message: "value \(page) has no \"Groups\" array: not list-groups output")
      }
      for (k, group) in groups.enumerated() {
        guard case .string(let name)? = group[member: "GroupName"] else {
          throw DDBAuditError.badInput(path: path, line: lines.line(at: value.lowerBound), message: "group \(k + 1) of value \(page) has no GroupName")
        }
        var pool: String? = nil
        if case .string(let id)? = group[member: "UserPoolId"] { pool = id }
        out.append((name, group, pool))
      }
    }
    return out
  }

  struct Problem: Error { var message: String }

  /// A user from one element of `Users`, or from admin-get-user output.
  static func user(_ json: JSONValue) throws -> PoolUser {
    guard case .object = json else { throw Problem(message: "a user is not a JSON object") }
    guard case .string(let username)? = json[member: "Username"], !username.isEmpty else {
      throw Problem(message: "a user has no \"Username\" string")
    }
    var attributes: [(name: String, value: String)] = []
    let list = json[member: "Attributes"] ?? json[member: "UserAttributes"] ?? .array([])
    guard case .array(let entries) = list else { throw Problem(message: "user \"\(username)\": \"Attributes\" is not an array") }
    for entry in entries {
      guard case .string(let name)? = entry[member: "Name"] else { throw Problem(message: "user \"\(username)\": an attribute has no \"Name\"") }
      var value = ""
      switch entry[member: "Value"] {
      case .string(let text)?: value = text
      case nil, .null?: value = ""
      default: throw Problem(message: "user \"\(username)\": attribute \"\(name)\" has a Value that is not a string")
      }
      if attributes.contains(where: { $0.name.utf8.elementsEqual(name.utf8) }) {
        throw Problem(message: "user \"\(username)\": attribute \"\(name)\" appears twice")
      }
      attributes.append((name, value))
    }
    var enabled: Bool? = nil
    switch json[member: "Enabled"] {
    case .bool(let b)?: enabled = b
    case nil: break
    default: throw Problem(message: "user \"\(username)\": \"Enabled\" is not true or false")
    }
    var status: String? = nil
    switch json[member: "UserStatus"] {
    case .string(let s)?: status = s
    case nil: break
    default: throw Problem(message: "user \"\(username)\": \"UserStatus\" is not a string")
    }
    func date(_ member: String) throws -> Int64? {
      guard let value = json[member: member] else { return nil }
      guard let ms = CognitoDate.milliseconds(value) else {
        throw Problem(message: "user \"\(username)\": \"\(member)\" is \(value.text()), not epoch seconds (CLI v1) or an ISO 8601 time (CLI v2)")
      }
      return ms
    }
    return PoolUser(
      username: username, attributes: attributes, enabled: enabled, status: status,
      created: try date("UserCreateDate"), modified: try date("UserLastModifiedDate"))
  }
}

/// The two ways the AWS CLI writes a Cognito date: v1 as epoch seconds with a fraction
/// (`1793520000.123`), v2 as ISO 8601 text (`2026-11-01T10:00:00.123000+00:00`).
enum CognitoDate {
  static func milliseconds(_ value: JSONValue) -> Int64? {
    switch value {
    case .int(let seconds):
      let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
      return !overflow && Timestamp.representable.contains(ms) ? ms : nil
    case .number(let text): return decimalSeconds(text)
    case .string(let text): return Timestamp.parseISO8601(text)
    default: return nil
    }
  }

  /// `SECONDS.FRACTION` read exactly (to the millisecond, truncated); an exponent form is
  /// read through `Double`, whose 53 bits hold any epoch time to the microsecond.
  static func decimalSeconds(_ text: String) -> Int64? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    if parts.count == 2, let whole = Int64(parts[0]), parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber), !parts[1].isEmpty {
      let digits = String((parts[1] + "000").prefix(3))
      guard let fraction = Int64(digits) else { return nil }
      let (ms, overflow) = whole.multipliedReportingOverflow(by: 1000)
      guard !overflow else { return nil }
      let (total, over) = whole < 0 ? ms.subtractingReportingOverflow(fraction) : ms.addingReportingOverflow(fraction)
      return !over && Timestamp.representable.contains(total) ? total : nil
    }
    guard let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e15 else { return nil }
    let ms = Int64((seconds * 1000).rounded(.down))
    return Timestamp.representable.contains(ms) ? ms : nil
  }
}
