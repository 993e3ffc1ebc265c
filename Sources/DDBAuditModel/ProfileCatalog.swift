import Foundation

/// The table profiles in force: the built-in ones for the seed tables, plus any from a
/// profiles file. A table is matched by exact name first, then by pattern; profiles from
/// a file win over built-in ones.
package struct ProfileCatalog: Sendable {
  package private(set) var profiles: [TableProfile]

  package init(profiles: [TableProfile]) { self.profiles = profiles }

  /// Adds the profiles of a decoded profiles file read from `path` (named in errors).
  package mutating func add(_ file: ProfilesFile, from path: String) throws {
    for entry in file.profiles {
      let profile = try entry.makeProfile(base: profiles.first { $0.name == entry.extends }, file: path)
      profiles.removeAll { $0.name == profile.name }
      profiles.insert(profile, at: 0)
    }
  }

  /// The profile named `name`.
  package func profile(named name: String) -> TableProfile? { profiles.first { $0.name == name } }

  /// The profile for `table`: exact names first, then patterns.
  package func profile(forTable table: String) -> TableProfile? {
    profiles.first { $0.matchesExactly(table) } ?? profiles.first { $0.matchesPattern(table) }
  }

  /// Resolves the profile for an import: `--profile` wins, then the table's name.
  package func resolve(table: String, profileName: String?) throws -> TableProfile {
    if let profileName {
      guard let profile = profile(named: profileName) else {
        throw DDBAuditError.usage(
          "unknown profile \"\(profileName)\"; known profiles: \(profiles.map(\.name).sorted().joined(separator: ", "))")
      }
      return profile
    }
    guard let profile = profile(forTable: table) else {
      throw DDBAuditError.usage(
        "no profile matches table \"\(table)\"; pass --profile NAME or describe the table in a profiles file (--profiles, see docs/profiles.md)")
    }
    return profile
  }
}
