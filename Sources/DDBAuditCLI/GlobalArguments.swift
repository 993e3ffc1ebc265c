import ArgumentParser
import Foundation

/// `--db`, `--quiet` and `--no-color` before the command: moved behind the command's name, where
/// the command's own options parse them, so that they mean the same in either place.
enum GlobalArguments {
  static func hoisted(_ arguments: [String]) -> [String] {
    var globals: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if ["--quiet", "-q", "--no-color", "--verbose"].contains(argument) || argument.hasPrefix("--db=") {
        globals.append(argument)
        index += 1
      } else if argument == "--db", index + 1 < arguments.count {
        globals += [argument, arguments[index + 1]]
        index += 2
      } else {
        break
      }
    }
    guard !globals.isEmpty else { return arguments }
    // The command's name, and a nested command's (`profile init`), follow.
    var rest = Array(arguments[index...])
    var commandPath: [String] = []
    var command: ParsableCommand.Type = DDBAuditCommand.self
    while let name = rest.first,
      let sub = command.configuration.subcommands.first(where: { ($0.configuration.commandName ?? "") == name || $0._commandName == name })
    {
      commandPath.append(name)
      rest.removeFirst()
      command = sub
    }
    return commandPath + globals + rest
  }
}
