import DDBAuditModel

extension RetentionPolicyFile {
  /// Reads, checks and validates the retention policy file at `path` (exit 2 on any problem).
  package static func load(path: String) throws -> RetentionPolicyFile {
    let file = try decodeJSONFile(RetentionPolicyFile.self, path: path, what: "retention policy", shape: shape)
    try file.validate(path: path)
    return file
  }
}
