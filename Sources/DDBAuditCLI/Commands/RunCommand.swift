import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditNightly

extension DDBAuditCommand {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The nightly job: import what is new, verify, check retention, write the reports.",
      discussion: """
        Reads a JSON config (docs/retention.md#the-nightly-job; paths relative to the file):

          {"db": "ddbaudit.sqlite", "imports": ["exports"], "outputDir": "reports",
           "reports": ["audit-trail", "integrity", "retention"], "since": "24h",
           "policy": "retention-policy.json", "failOn": "error"}

        1. imports every export under "imports" that the store does not have yet;
        2. verifies (verify.json); 3. checks retention (retention.json);
        4. writes the reports for the period into <outputDir>/<as-of date>/.
        One summary line per step goes to stderr. Every file is written atomically; a second \
        run the same day replaces that day's files.

        A lock (flock on <outputDir>/.ddbaudit.lock, or "lockFile") guards the run: a second \
        run exits 75 at once, and the lock dies with the process, however it ends.

        \(ExitStatus.help(ExitStatus.allCases, [.findings: "a verify or retention finding at or above failOn (--exit-zero turns this into 0)", .failure: "an invalid config (checked before anything is touched), bad input, a checksum mismatch, nothing to check, or a runtime error"]))

        CRONTAB
          15 6 * * *  cd /srv/audit && ddbaudit run --config nightly.json 2>>nightly.log
        """)

    @Option(name: .long, help: ArgumentHelp("The job's JSON config.", valueName: "file"))
    var config: String

    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity (overrides the config's failOn).")
    var failOn: Severity?

    @Flag(name: .long, help: "Exit 0 even when there are findings (they are still reported).")
    var exitZero = false

    func run() throws {
      console.configure()
      let config = try NightlyConfig.load(path: config)
      let now = Timestamp.now()
      let job = NightlyJob(
        config: config, asOf: asOf.milliseconds, generatedAt: asOf.asOf == nil ? now : asOf.milliseconds,
        reportsEnvironment: Console.current.environment["DDBAUDIT_REPORTS"], log: { [console = Console.current] in console.note($0) })
      let outcome = try job.run(observer: ProgressBar())
      let threshold = failOn ?? config.failOn
      if !exitZero && outcome.findings.any(atOrAbove: threshold) { throw ExitCode(1) }
    }
  }
}
