import DDBXLSX
import Foundation
import DDBAuditModel

/// A report output format.
package enum ReportFormat: String, Sendable, CaseIterable {
  case csv, xlsx, json
}

/// The finding columns every format uses.
let findingHeadings = ["severity", "code", "table", "chain", "seq", "seq_end", "key", "detail"]

func findingCells(_ f: Finding) -> [Cell] {
  [
    .text(f.severity.rawValue), .text(f.code.rawValue), .text(f.table), f.chain.map(Cell.text) ?? .empty,
    f.seq.map { .number(String($0)) } ?? .empty, f.seqEnd.map { .number(String($0)) } ?? .empty,
    f.key.map { .text($0.text) } ?? .empty, .text(f.detail),
  ]
}
