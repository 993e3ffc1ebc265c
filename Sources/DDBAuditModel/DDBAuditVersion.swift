/// The version of ddbaudit: `--version`, and every report header.
package enum DDBAuditVersion {
  package static let current = "0.2.0"
}
