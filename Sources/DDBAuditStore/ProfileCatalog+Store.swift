import DDBAuditModel

extension ProfileCatalog {
  /// The profile a stored table is read with: the one it was imported under, from this
  /// catalog (so that an edited profiles file takes effect), else the one learned for it.
  package func profile(for table: StoredTable) -> TableProfile? {
    profile(named: table.profile) ?? table.learnedProfile
  }
}
