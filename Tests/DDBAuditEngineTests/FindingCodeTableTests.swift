import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

/// The one table of finding codes is the one the docs show: every code has a row in a docs
/// table, with its severity where the table gives one, and a summary of its own.
@Suite struct FindingCodeTableTests {
  /// `| `CODE` | cell | cell |` rows of the docs' tables, by code.
  static func rows(in file: String) throws -> [String: [String]] {
    let text = try String(contentsOf: RepoPaths.root.appendingPathComponent(file), encoding: .utf8)
    var rows: [String: [String]] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let first = cells.first, first.hasPrefix("`"), first.hasSuffix("`") else { continue }
      rows[String(first.dropFirst().dropLast()), default: cells] = cells
    }
    return rows
  }

  @Test func everyCodeHasADocsRowWithItsSeverity() throws {
    let chain = try Self.rows(in: "docs/chain.md")
    let retention = try Self.rows(in: "docs/retention.md")
    for code in FindingCode.verifyCodes {
      let row = try #require(chain[code.rawValue], "docs/chain.md has no row for \(code)")
      #expect(row[1] == code.defaultSeverity.rawValue, "docs/chain.md gives \(code) severity \(row[1])")
    }
    for code in FindingCode.retentionCodes + FindingCode.settingsCodes {
      let row = try #require(retention[code.rawValue], "docs/retention.md has no row for \(code)")
      let severities = row.filter { Severity(rawValue: $0) != nil }
      #expect(severities.allSatisfy { $0 == code.defaultSeverity.rawValue }, "docs/retention.md gives \(code) \(severities)")
    }
  }

  @Test func codesAreUniqueAndEachHasItsOwnSummary() {
    #expect(Set(FindingCode.all.map(\.rawValue)).count == FindingCode.all.count)
    #expect(Set(FindingCode.all.map(\.summary)).count == FindingCode.all.count)
    for code in FindingCode.all {
      #expect(code.summary != code.rawValue && code.summary.first?.isUppercase == true, "\(code)")
      #expect(FindingCode(rawValue: code.rawValue).defaultSeverity == code.defaultSeverity)
    }
    #expect(FindingCode(rawValue: "MY_OWN_CODE").defaultSeverity == .error)
  }
}
