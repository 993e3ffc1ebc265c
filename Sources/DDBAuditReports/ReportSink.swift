import DDBXLSX
import Foundation
import DDBAuditModel
import DDBAuditFiles

/// Writes one report file: the header, summary and findings first, then the evidence rows
/// as they stream, then `finish` commits the file atomically.
protocol ReportSink: AnyObject {
  var file: AtomicFile { get }
  func begin(_ document: ReportDocument) throws
  func row(_ cells: [Cell]) throws
  /// Completes the file; `siblings` are the other outputs' names and SHA-256s.
  func finish(siblings: [(name: String, sha256: String)]) throws
}
