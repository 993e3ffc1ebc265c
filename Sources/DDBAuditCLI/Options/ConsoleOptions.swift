import ArgumentParser
import Foundation

/// `--quiet` and `--no-color`: how much goes to stderr, and how.
struct ConsoleOptions: ParsableArguments {
  @Flag(name: [.short, .long], help: "Print only errors on stderr: no progress, no warnings.")
  var quiet = false

  @Flag(name: .long, help: "Never colour stderr (also: NO_COLOR).")
  var noColor = false

  @Flag(name: .long, help: "Say more in errors: the SQL statement of a store error.")
  var verbose = false

  func configure() {
    Console.current.configure(quiet: quiet, noColor: noColor, verbose: verbose)
  }
}
