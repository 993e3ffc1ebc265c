import ArgumentParser
import Foundation
import DDBAuditFiles

/// `--output`: where the data goes.
struct OutputOptions: ParsableArguments {
  @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (atomically: complete or not at all) instead of stdout; - is stdout.", valueName: "file"))
  var output: String?

  func target() throws -> OutputTarget { try OutputTarget(path: output, standardOutput: Console.current.standardOutput) }
}
