import ArgumentParser
import DDBAuditModel
import DDBAuditCheckpoints

extension DDBAuditCommand {
  struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Manage the Ed25519 keys that sign checkpoints.",
      subcommands: [Generate.self])

    struct Generate: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Generate a signing key; print its verifier key.",
        discussion: """
          Writes a new Ed25519 private key to --output with mode 0600, in the signer-key form of \
          Go's sumdb/note (PRIVATE+KEY+NAME+KEYID+KEY), and prints the matching verifier key \
          (NAME+KEYID+KEY) on stdout: give that to whoever verifies, as --trusted-key. An existing \
          file is never overwritten. Keep the private key out of the repository: a CI secret, a \
          vault, or a file only the nightly job's user can read (docs/checkpoint.md).

          \(ExitStatus.help([.success, .failure, .usage], [.failure: "the output file exists, or cannot be written"]))

          EXAMPLES
            ddbaudit key generate --name audit.example.com --output audit.key > audit.vkey
          """)

      @Option(name: .long, help: ArgumentHelp("The key's name (no spaces, no +), e.g. your domain.", valueName: "name"))
      var name: String

      @Option(name: .long, help: ArgumentHelp("Where to write the private key (mode 0600; never overwritten).", valueName: "file"))
      var output: String

      @OptionGroup var console: ConsoleOptions

      func run() throws {
        console.configure()
        let signer = try KeyFile.generate(name: name, path: output)
        Console.current.print(signer.verifier.description)
        Console.current.note("private key written to \(output) (mode 0600); the verifier key above is public")
      }
    }
  }
}
