import DDBAuditSamples
import DDBSQLite
import Foundation
import Testing
import TestSupport

/// After kill -9, Ctrl-C or a power cut: nobody is left stuck, nothing piles up, and errors
/// say what happened in words.
@Suite struct CrashRecoveryTests {
  /// A copy of the sample store taken mid-transaction: it has a hot journal, as a store does
  /// whose import was killed after SQLite had begun writing pages.
  static func storeWithHotJournal(in dir: TemporaryDirectory) throws -> (db: String, tables: String) {
    let clean = try SampleStore.copy(into: dir, as: "clean.sqlite")
    let tables = try CLI.run(["tables", "--db", clean, "--format", "json"]).stdout
    let writer = try Connection(path: clean, mode: .readWrite)
    try writer.execute("PRAGMA cache_size = 1; BEGIN; UPDATE items SET item = item || ' '")
    let db = dir.file("killed.sqlite").path
    try FileManager.default.copyItem(atPath: clean, toPath: db)
    try FileManager.default.copyItem(atPath: clean + "-journal", toPath: db + "-journal")
    try writer.execute("ROLLBACK")
    return (db, tables)
  }

  @Test func aReadOnlyCommandRollsBackAHotJournal() throws {
    let dir = TemporaryDirectory()
    let (db, tables) = try Self.storeWithHotJournal(in: dir)
    #expect(FileManager.default.fileExists(atPath: db + "-journal"))
    let after = try CLI.run(["tables", "--db", db, "--format", "json"])
    #expect(after.status == 0, "\(after.stderr)")
    #expect(after.stdout == tables, "the killed transaction left nothing behind")
    #expect(try CLI.run(["verify", "--db", db, "--as-of", "2026-11-21"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
  }

  @Test func whenTheJournalCannotBeRolledBackTheErrorSaysWhatToRun() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    // A journal SQLite cannot read back (here a folder in its place; in the field, a store
    // without write access) stops every opener, so the message must say what to do.
    try FileManager.default.createDirectory(atPath: db + "-journal", withIntermediateDirectories: false)
    try "x".write(toFile: db + "-journal/x", atomically: true, encoding: .utf8)
    let result = try CLI.run(["tables", "--db", db])
    #expect(result.status == 2 && result.stderr.contains("unfinished import"), "\(result.stderr)")
  }

  @Test func ctrlCInAWaitingQueryExits130AndLeavesNoTemporary() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    // Another process holds the store: the query waits for it.
    let holder = try Connection(path: db, mode: .readWrite)
    try holder.execute("BEGIN EXCLUSIVE")
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = ["query", "--db", db, "--table", "events", "--format", "json", "--output", dir.file("out.json").path]
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(10)
    var waiting = false
    while Date() < deadline && !waiting {
      waiting = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).contains { $0.hasPrefix(".out.json.tmp-") }
      Thread.sleep(forTimeInterval: 0.02)
    }
    #expect(waiting, "the query made its temporary file and waits for the store")
    let sent = Date()
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit && process.terminationStatus == 130)
    #expect(Date().timeIntervalSince(sent) < 3)
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("out.json") }
    #expect(left.isEmpty, "\(left)")
    try holder.execute("ROLLBACK")
  }

  @Test func temporariesOfDeadProcessesAreSweptAway() throws {
    let dir = TemporaryDirectory()
    let db = try SampleStore.copy(into: dir)
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    let stale = dir.file(".verify.json.tmp-\(gone.processIdentifier)")
    try "half".write(to: stale, atomically: false, encoding: .utf8)
    let alive = dir.file(".verify.json.tmp-\(getpid())")
    try "mine".write(to: alive, atomically: false, encoding: .utf8)
    // A process of its own: the test process is the live one.
    #expect(try CLI.subprocess(["verify", "--db", db, "--format", "json", "--as-of", "2026-11-21", "--output", dir.file("verify.json").path]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: stale.path), "a dead process's temporary is removed")
    #expect(FileManager.default.fileExists(atPath: alive.path), "a live one is left alone")
  }

  @Test func storeErrorsSayWhatHappenedAndShowSQLOnlyWhenVerbose() throws {
    let dir = TemporaryDirectory()
    let notAStore = dir.file("notes.sqlite")
    try String(repeating: "not a database\n", count: 100).write(to: notAStore, atomically: true, encoding: .utf8)
    let plain = try CLI.run(["tables", "--db", notAStore.path])
    #expect(plain.status == 2 && plain.stderr.contains("not a ddbaudit store"), "\(plain.stderr)")
    #expect(!plain.stderr.contains("PRAGMA") && !plain.stderr.contains("while executing"))
    let verbose = try CLI.run(["--verbose", "tables", "--db", notAStore.path])
    #expect(verbose.stderr.contains("while executing"), "\(verbose.stderr)")
  }

  @Test func aBrokenManifestSaysWhere() throws {
    let dir = TemporaryDirectory()
    let fixture = try ExportFixture.write(
      SeedTables.events(count: 5, end: SeedTables.sampleExportTime, seed: 3), table: "events", root: dir.file("exports"), files: 1)
    let url = fixture.folder.appendingPathComponent("manifest-summary.json")
    let text = try String(contentsOf: url, encoding: .utf8)
    try text.replacingOccurrences(of: "\"exportArn\"", with: "\"extra\": {\"a\": [1, {\"b\": tru}]},\n\"exportArn\"")
      .write(to: url, atomically: true, encoding: .utf8)
    try fixture.refreshChecksum("manifest-summary")
    let result = try CLI.run(["import", fixture.folder.path, "--db", dir.file("s.sqlite").path])
    #expect(result.status == 2 && result.stderr.contains("manifest-summary.json:") && result.stderr.contains("not valid JSON at column"), "\(result.stderr)")
  }
}
