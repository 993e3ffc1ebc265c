import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditFiles
@testable import DDBAuditStore
@testable import DDBAuditImport

/// The import's fast path (`CanonicalTranscoder`) must store exactly what the full decoder
/// and `CanonicalForm` store, and give up on every line it cannot write exactly.
@Suite struct CanonicalTranscoderTests {
  static let auditLogs = BuiltinProfiles.all.first { $0.name == "audit_logs" }!

  static func row(_ item: StoredItem) -> String { item.fingerprint }

  /// The row through the fast path (and whether it took it), and through the full decoder.
  static func bothPaths(
    _ line: String, profile: TableProfile = auditLogs, wrapper: DynamoJSONDecoder.ItemWrapper = .required
  ) -> (fast: Bool, viaImport: Result<String, DynamoJSONError>, viaDecoder: Result<String, DynamoJSONError>) {
    let bytes = Array(line.utf8)
    return bytes.withUnsafeBufferPointer { ItemExtractor(profile: profile).bothPaths($0, wrapper: wrapper) }
  }

  static func item(_ attributes: String) -> String {
    #"{"Item":{"user_id":{"S":"u1"},"timestamp#log_id":{"S":"2025-01-02T03:04:05Z#l1"},"#
      + #""seq":{"N":"1"},"prevHash":{"S":"\#(String(repeating: "0", count: 64))"},"#
      + #""hash":{"S":"\#(String(repeating: "a", count: 64))"},"ttl":{"N":"1958000000"}\#(attributes)}}"#
  }

  @Test func everySampleLineIsStoredAlikeByBothPathsAndMostTakeTheFastOne() throws {
    let catalog = ProfileCatalog(profiles: BuiltinProfiles.all)
    var lines = 0
    var fast = 0
    for folder in try ExportLocator.exports(at: RepoPaths.samples.appendingPathComponent("exports").path) {
      let export = try S3Export.open(folder: folder)
      let profile = try catalog.resolve(table: try #require(export.summary.tableName), profileName: nil)
      let extractor = ItemExtractor(profile: profile)
      var transcoder = extractor.transcoder()
      for (index, entry) in export.files.enumerated() {
        let url = try export.localPath(forKey: entry.dataFileS3Key, manifestLine: export.fileLines[index])
        _ = try LineReader(path: url.path, gzip: nil).forEachLine(progress: { _ in }) { line, number in
          lines += 1
          var probe = extractor.transcoder()
          if probe.transcode(line, wrapper: .required) != nil { fast += 1 }
          let viaImport = try extractor.storedItem(line: line, wrapper: .required, transcoder: &transcoder)
          let decoded = try DynamoJSONDecoder.decodeItemLine(line, wrapper: .required)
          let viaDecoder = try extractor.storedItem(decoded.item, loneSurrogate: decoded.loneSurrogate, rawLine: line)
          #expect(Self.row(viaImport) == Self.row(viaDecoder), "\(url.lastPathComponent):\(number)")
        }
      }
    }
    #expect(lines > 1000)
    // The samples hold a few noncanonical and odd items on purpose; all others are fast.
    #expect(fast * 100 >= lines * 99, "\(fast) of \(lines) lines took the fast path")
  }

  @Test(arguments: [
    // Names out of order at both levels, and a map in a list in a map.
    #","z":{"M":{"b":{"S":"2"},"a":{"L":[{"M":{"y":{"N":"1"},"x":{"BOOL":false}}}]}}},"a":{"NULL":true}"#,
    // Numbers that need normalising, and ones that do not.
    #","n1":{"N":"12.50"},"n2":{"N":"1E+3"},"n3":{"N":"-0"},"n4":{"N":"-7"},"n5":{"N":"0.000100"},"n6":{"N":"007"}"#,
    // Sets, out of order; binaries already canonical.
    #","ss":{"SS":["b","a","ä"]},"ns":{"NS":["10","9.0","-1"]},"bs":{"BS":["Ag==","AQ=="]},"b":{"B":"AP9oaQ=="},"e":{"B":""}"#,
    // Non-ASCII names where UTF-16 order differs from UTF-8 order (U+FF61 vs U+1F600).
    #","｡":{"S":"halfwidth"},"😀":{"S":"emoji"},"é":{"S":"e-acute"},"e\u0301":{"S":"escaped, so the full decoder"}"#,
    #","｡":{"S":"halfwidth"},"😀":{"S":"emoji"},"é":{"S":"e-acute"}"#,
    // Escapes in values, resolved and written the canonical way; escaped names that need none.
    #","s":{"S":"tab\tand \"quote\" \/ \u00e9 \ud83d\ude00 \u0001"},"body":{"M":{"json":{"S":"{\"ok\":true}"}}}"#,
    #","\u00e9t\u00e9":{"S":"x"},"ss":{"SS":["\u00e9","a"]}"#,
    // Empty map, list and string, and whitespace between tokens.
    #", "m" : { "M" : { } } , "l" : {"L": [ ]}, "s": {"S": ""}"#,
  ])
  func bothPathsStoreTheSameRow(attributes: String) throws {
    let (_, viaImport, viaDecoder) = Self.bothPaths(Self.item(attributes))
    #expect(try viaImport.get() == viaDecoder.get())
  }

  @Test func ordinaryLinesTakeTheFastPath() {
    #expect(Self.bothPaths(Self.item(#","｡":{"S":"x"},"😀":{"SS":["b","a"]},"n":{"N":"1.50"}"#)).fast)
    #expect(Self.bothPaths(Self.item(#","body":{"S":"{\"ok\":true}"},"\u00e9":{"S":"\u0000"}"#)).fast)
    #expect(Self.bothPaths(Self.item(""), wrapper: .optional).fast)
    #expect(Self.bothPaths(String(Self.item("").dropFirst(8).dropLast()), wrapper: .none).fast)
    #expect(Self.bothPaths(String(Self.item("").dropFirst(8).dropLast()), wrapper: .optional).fast)
  }

  /// Lines the fast path leaves to the full decoder: it would have to resolve, normalise or
  /// reject them, and the decoder names the problem or the noncanonical reason.
  @Test(arguments: [
    #","a\"b":{"S":"a name that needs escaping"}"#,
    #","ss":{"SS":["line\nbreak","a"]}"#,  // a set element that needs escaping
    #","s":{"S":"\ud800 alone"}"#,  // a lone surrogate: noncanonical
    #","s":{"s":"lower-case descriptor"}"#,
    #","a":{"S":"1"},"a":{"S":"2"}"#,  // duplicate name: an error
    #","ss":{"SS":["a","a"]}"#,  // duplicate element: noncanonical
    #","n":{"N":"NaN"}"#,  // an error
    #","n":{"N":"1E+126"}"#,  // out of range: noncanonical
    #","n":{"N":"123456789012345678901234567890123456789"}"#,  // 39 digits: noncanonical
    #","n":{"N":123}"#,  // a JSON number: an error
    #","b":{"B":"QR=="}"#,  // trailing bits set: re-encoded
    #","b":{"B":"QQ"}"#,  // unpadded: an error
    #","z":{"NULL":false}"#,
    #","e":{"SS":[]}"#,
    #","two":{"S":"a","N":"1"}"#,
  ])
  func linesTheFastPathLeavesToTheDecoderAreStoredAlike(attributes: String) {
    let (fast, viaImport, viaDecoder) = Self.bothPaths(Self.item(attributes))
    #expect(!fast)
    switch (viaImport, viaDecoder) {
    case (.success(let a), .success(let b)): #expect(a == b)
    case (.failure(let a), .failure(let b)): #expect(a == b)
    default: Issue.record("the paths disagree: \(viaImport) vs \(viaDecoder)")
    }
  }

  @Test func mapsDeeperThanThirtyTwoLevelsGoToTheDecoder() throws {
    func nested(_ depth: Int) -> String {
      depth == 0 ? #"{"S":"leaf"}"# : #"{"M":{"k":\#(nested(depth - 1))}}"#
    }
    let ok = Self.bothPaths(Self.item(#","deep":\#(nested(32))"#))
    #expect(ok.fast)
    #expect(try ok.viaImport.get() == ok.viaDecoder.get())
    let deep = Self.bothPaths(Self.item(#","deep":\#(nested(33))"#))
    #expect(!deep.fast)
    #expect(throws: DynamoJSONError.self) { try deep.viaImport.get() }
  }

  @Test func canonicalBase64IsPaddedWithZeroTrailingBits() {
    func check(_ text: String) -> Bool {
      var text = text
      return text.withUTF8 { CanonicalTranscoder.isCanonicalBase64($0) }
    }
    for text in ["", "QQ==", "QUI=", "QUJD", "AP9oaQ==", "+/+/"] { #expect(check(text), "\(text)") }
    for text in ["QR==", "QUJ=", "QQ", "Q===", "QU I=", "QUJD=", "QQ==QQ=="] { #expect(!check(text), "\(text)") }
    // Whatever it accepts, Foundation decodes and re-encodes to the same text.
    for text in ["QQ==", "QUI=", "QUJD", "AP9oaQ=="] {
      #expect(Data(base64Encoded: text)?.base64EncodedString() == text)
    }
  }
}
