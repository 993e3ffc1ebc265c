import ArgumentParser
import Foundation
import DDBAuditModel

/// `--format` and `--output` of a check command, and the writing of its report.
struct CheckOutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text, json, csv, xlsx (needs --output), junit (JUnit XML) or sarif (SARIF 2.1.0).")
  var format: CheckFormat = .text

  @OptionGroup var output: OutputOptions
  @OptionGroup var csvFlags: CSVFlags

  @Option(
    name: .long,
    help: ArgumentHelp("SARIF: artifact paths are given relative to this folder (default: the current folder), as code scanning wants.", valueName: "dir"))
  var sourceRoot: String?

  func validate() throws {
    if format == .xlsx && (output.output == nil || output.output == "-") {
      throw ValidationError("--format xlsx needs --output FILE (a workbook is not written to stdout)")
    }
  }

  /// Writes `report` in the chosen format; JUnit marks findings at or above `failOn` as failures.
  func write(_ report: CheckReport, failOn: Severity) throws {
    if format == .xlsx {
      try report.writeXLSX(path: output.output!)
    } else {
      let target = try output.target()
      switch format {
      case .text: for line in report.textLines { try target.write(line + "\n") }
      case .json: try target.write(report.json.bytes(pretty: true) + [0x0A])
      case .csv: try report.writeCSV(to: target, options: csvFlags.options())
      case .junit: try target.write(report.junit(failOn: failOn))
      case .sarif:
        let root = sourceRoot ?? FileManager.default.currentDirectoryPath
        try target.write(report.sarif(sourceRoot: root).bytes(pretty: true) + [0x0A])
      case .xlsx: break
      }
      try target.commit()
    }
    if let path = output.output, path != "-" {
      Console.current.note("\(report.findings.count) findings written to \(path)")
    }
  }
}
