import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditImport

@Suite struct ChecksumTests {
  @Test func aDataFileWhoseMD5LiesIsRefusedNamingBothValues() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let file = try fixture.dataFiles()[1]
    let actual = try fixture.manifestEntries()[1]["md5Checksum"] as! String
    try fixture.editManifestFiles { $0[1]["md5Checksum"] = "AAAAAAAAAAAAAAAAAAAAAA==" }
    let store = TestStore()
    let before = try store.snapshot()
    #expect {
      try store.importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(let path, let message) = error else { return false }
      return path == file.path && message.contains(actual) && message.contains("AAAAAAAAAAAAAAAAAAAAAA==")
    }
    #expect(try store.snapshot() == before)
  }

  @Test func allowUnverifiedImportsAnywayAndRecordsIt() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editManifestFiles { $0[0]["md5Checksum"] = "AAAAAAAAAAAAAAAAAAAAAA==" }
    var options = ImportOptions()
    options.allowUnverified = true
    let store = TestStore()
    let results = try store.importPaths([fixture.folder.path], options: options)
    #expect(!results[0].verified && results[0].items == 50)
    #expect(results[0].problems.count == 1)
    #expect(try store.open().listTables()[0].imports[0].verified == false)
  }

  @Test func aManifestWhoseOwnMD5LiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try Data("bm90IHRoZSByaWdodCBzdW0=\n".utf8).write(to: fixture.folder.appendingPathComponent("manifest-summary.md5"))
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(let path, _) = error else { return false }
      return path.hasSuffix("manifest-summary.md5")
    }
  }

  @Test func checksumFilesMayBeNamedDotChecksum() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    for name in ["manifest-summary", "manifest-files"] {
      try FileManager.default.moveItem(
        at: fixture.folder.appendingPathComponent("\(name).md5"), to: fixture.folder.appendingPathComponent("\(name).checksum"))
    }
    #expect(try TestStore().importPaths([fixture.folder.path])[0].verified)
  }

  @Test func aFileWhoseItemCountLiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editManifestFiles { $0[0]["itemCount"] = ($0[0]["itemCount"] as! Int) + 1 }
    try fixture.editSummary { $0["itemCount"] = 51 }
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(_, let message) = error else { return false }
      return message.contains("itemCount")
    }
  }

  @Test func aSummaryWhoseTotalLiesIsRefused() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    try fixture.editSummary { $0["itemCount"] = 49 }
    #expect {
      try TestStore().importPaths([fixture.folder.path])
    } throws: { error in
      guard case DDBAuditError.checksumMismatch(_, let message) = error else { return false }
      return message.contains("add up to 50") && message.contains("49")
    }
  }

  @Test func aTruncatedGzipIsRefusedNamingTheFile() throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let file = try fixture.dataFiles()[0]
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count / 2).write(to: file)
    let store = TestStore()
    let before = try store.snapshot()
    expectBadInput({ try store.importPaths([fixture.folder.path]) }, path: file.path, containing: "truncated gzip")
    #expect(try store.snapshot() == before)
  }

  @Test(arguments: [
    "exports/audit_logs/AWSDynamoDB/EXPORT/data/../../../../etc/passwd",
    "/etc/passwd",
    "exports/audit_logs/AWSDynamoDB/EXPORT/../other/data/x.json.gz",
    "no-prefix/data/x.json.gz",
  ])
  func aDataFileKeyThatClimbsOutIsRefused(key: String) throws {
    let dir = TemporaryDirectory()
    let fixture = try cleanAuditExport(dir)
    let exportID = fixture.folder.lastPathComponent
    try fixture.editManifestFiles { $0[0]["dataFileS3Key"] = key.replacingOccurrences(of: "EXPORT", with: exportID) }
    expectBadInput(
      { try TestStore().importPaths([fixture.folder.path]) },
      path: fixture.folder.appendingPathComponent("manifest-files.json").path, line: 1, containing: "dataFileS3Key")
  }
}
