import Foundation

package enum CLI {
  /// The built `ddbaudit` executable (built by `swift build` before `swift test`).
  package static var executable: URL { built("ddbaudit") }

  /// `ddbaudit` with fault injection (Tests/FaultyCLI), for crash and atomicity tests.
  package static var faultyExecutable: URL { built("ddbaudit-faulty") }

  private static func built(_ name: String) -> URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent(),
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
    return try run(["-c", command], environment: env, currentDirectory: currentDirectory, executable: URL(fileURLWithPath: "/bin/sh"))
  }

  @discardableResult
  package static func run(
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
