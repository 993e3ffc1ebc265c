import DDBAuditCLI
import DDBAuditFiles
import Foundation

package enum CLI {
  /// The built `ddbaudit` executable, beside the test bundle (`make test` builds both).
  package static var executable: URL { built("ddbaudit") }

  /// `ddbaudit` with fault injection (Tests/FaultyCLI), for crash and atomicity tests.
  package static var faultyExecutable: URL { built("ddbaudit-faulty") }

  private static func built(_ name: String) -> URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent(),
      RepoPaths.root.appendingPathComponent(".build-test/release"),
      RepoPaths.root.appendingPathComponent(".build/debug"),
    ]
    for dir in candidates {
      let url = dir.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return RepoPaths.root.appendingPathComponent(".build/debug/" + name)
  }

  /// Runs a shell command line (as a user types it, pipes and redirections included) with the
  /// built `ddbaudit` first on PATH.
  @discardableResult
  package static func shell(_ command: String, environment: [String: String] = [:], currentDirectory: URL? = nil) throws -> CLIResult {
    var env = environment
    env["PATH"] = executable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return try subprocess(["-c", command], environment: env, currentDirectory: currentDirectory, executable: URL(fileURLWithPath: "/bin/sh"))
  }

  /// Runs ddbaudit with `arguments`: in this process, the way swift-argument-parser's
  /// `AssertExecuteCommand` does, unless it needs a process of its own (another working folder,
  /// or another executable). `environment` is added to the test process's, with NO_COLOR set.
  @discardableResult
  package static func run(
    _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil, executable: URL = CLI.executable
  ) throws -> CLIResult {
    guard currentDirectory == nil && executable == CLI.executable else {
      return try subprocess(arguments, environment: environment, currentDirectory: currentDirectory, executable: executable)
    }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    let out = Capture(), err = Capture()
    let status = DDBAuditMain.run(arguments, environment: env, standardOutput: out.stream, standardError: err.stream)
    return CLIResult(status: status, stdout: out.text, stderr: err.text)
  }

  /// Runs ddbaudit as a process of its own: for exit statuses as the shell sees them, signals,
  /// terminals and working folders.
  @discardableResult
  package static func subprocess(
    _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil, executable: URL = CLI.executable
  ) throws -> CLIResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain both pipes while the process runs so that neither can fill up and block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    process.waitUntilExit()
    group.wait()
    let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    return CLIResult(
      status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// The bytes a stream of an in-process run received.
private final class Capture: @unchecked Sendable {
  private let lock = NSLock()
  private var bytes: [UInt8] = []

  var stream: StandardStream {
    StandardStream { [self] chunk in
      lock.withLock { bytes += chunk }
      return true
    }
  }

  var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
