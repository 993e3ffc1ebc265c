import ArgumentParser
import DDBAuditModel
import DDBAuditCheckpoints

/// `--trusted-key`: the verifier keys whose signatures a command accepts.
struct TrustOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "A verifier key (name+keyid+base64, as `key generate` prints it) or a file holding one; repeatable. Signatures by other keys are ignored.",
      valueName: "vkey"))
  var trustedKey: [String] = []

  func verifiers() throws -> [NoteVerifier] { try trustedKey.map(KeyFile.verifier) }
}
