import DDBAuditModel

extension ProfileCatalog {
  /// The built-in profiles, optionally extended by the profiles file at `path`.
  package static func load(profilesFile path: String?) throws -> ProfileCatalog {
    var catalog = ProfileCatalog(profiles: BuiltinProfiles.all)
    if let path { try catalog.add(contentsOf: path) }
    return catalog
  }

  /// Adds the profiles described in a JSON profiles file (see docs/profiles.md).
  package mutating func add(contentsOf path: String) throws {
    try add(decodeJSONFile(ProfilesFile.self, path: path, what: "profiles file", shape: ProfilesFile.shape), from: path)
  }
}
