import Foundation
import DDBAuditModel
import DDBAuditFiles

/// A report definition together with where it came from and the SHA-256 of its bytes, which
/// every report's header gives so that the definition behind a report can be identified.
package struct LoadedDefinition: Sendable {
  package var definition: ReportDefinition
  /// The definition file, or `built-in/NAME.json` for one compiled into the binary.
  package var path: String
  package var sha256: String

  /// Decodes and checks a definition from its bytes; `path` names it in errors.
  package init(bytes: [UInt8], path: String) throws {
    self.definition = try ReportDefinition.decode(bytes, path: path)
    self.path = path
    self.sha256 = RecordHash.sha256Hex(bytes)
  }

  /// Reads, decodes and checks a definition file.
  package init(path: String) throws {
    try self.init(bytes: [UInt8](try InputFile.contents(path)), path: path)
  }
}
