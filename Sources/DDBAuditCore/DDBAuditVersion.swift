/// The version of ddbaudit: `--version`, and every report header.
public enum DDBAuditVersion {
  public static let current = "0.2.0"
}
