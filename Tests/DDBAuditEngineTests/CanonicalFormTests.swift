import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

/// Decodes one item line the way the importer does.
func decodeItem(_ json: String, wrapper: DynamoJSONDecoder.ItemWrapper = .none) throws -> Item {
  var json = json
  return try json.withUTF8 { try DynamoJSONDecoder.decodeItemLine($0, wrapper: wrapper).item }
}

func canonical(_ json: String) throws -> String {
  try CanonicalForm.string(of: decodeItem(json), excluding: [Array("hash".utf8)])
}

@Suite struct CanonicalFormTests {
  @Test func nfcAndNfdStringsHashDifferently() throws {
    let nfc = try decodeItem(#"{"k":{"S":"\u00e9"}}"#)
    let nfd = try decodeItem(#"{"k":{"S":"e\u0301"}}"#)
    #expect(try RecordHash.compute(nfc) != RecordHash.compute(nfd))
  }

  @Test func namesThatSwiftCallsEqualStayDistinct() throws {
    // "é" and "e\u{301}" are == as Swift Strings, but are two attributes to DynamoDB.
    let item = try decodeItem(#"{"\u00e9":{"S":"a"},"e\u0301":{"S":"b"}}"#)
    #expect(item.count == 2)
    #expect(try canonical(#"{"\u00e9":{"S":"a"},"e\u0301":{"S":"b"}}"#) == "{\"e\u{301}\":{\"S\":\"b\"},\"\u{e9}\":{\"S\":\"a\"}}")
  }

  @Test func utf16OrderPutsSupplementaryBeforeUFFFF() throws {
    #expect(try canonical(#"{"\uffff":{"S":"x"},"😀":{"S":"y"}}"#) == "{\"😀\":{\"S\":\"y\"},\"\u{ffff}\":{\"S\":\"x\"}}")
    #expect(UTF16Order.less(Array("😀".utf8), Array("\u{FFFF}".utf8)))
    #expect(!UTF16Order.less(Array("\u{FFFF}".utf8), Array("😀".utf8)))
    #expect(UTF16Order.less(Array("\u{FB33}".utf8), Array("\u{FFFF}".utf8)))
  }

  @Test func equalNumbersHashTheSame() throws {
    let a = try decodeItem(#"{"n":{"N":"1.50"}}"#)
    let b = try decodeItem(#"{"n":{"N":"1.5"}}"#)
    #expect(try RecordHash.compute(a) == RecordHash.compute(b))
  }

  @Test(arguments: [
    ("0012.3400", "12.34"), ("1E+3", "1000"), ("1.2e-3", "0.0012"), ("-0.0", "0"), ("+3", "3"),
    (".123", "0.123"), ("0e1000", "0"), ("-17.4E37", "-174000000000000000000000000000000000000"),
    ("1E-130", "0." + String(repeating: "0", count: 129) + "1"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
  ])
  func numbersNormalise(input: String, plain: String) throws {
    #expect(DecimalNumber.normalize(input) == .success(plain))
  }

  @Test func numbersOutsideDynamoDBAreNoncanonical() throws {
    #expect(DecimalNumber.normalize("123456789012345678901234567890123456789") == .failure(.tooManyDigits(39)))
    #expect(DecimalNumber.normalize("1E126") == .failure(.outOfRange))
    #expect(DecimalNumber.normalize("1E-131") == .failure(.outOfRange))
    #expect(throws: NoncanonicalReason.self) { try canonical(#"{"n":{"N":"1E200"}}"#) }
  }

  @Test func duplicateSetElementsAfterNormalisationAreNoncanonical() throws {
    #expect(throws: NoncanonicalReason.self) { try canonical(#"{"s":{"NS":["1.0","1"]}}"#) }
    #expect(throws: NoncanonicalReason.self) { try canonical(#"{"s":{"SS":["a","a"]}}"#) }
  }

  @Test func loneSurrogateIsFlagged() throws {
    var line = #"{"s":{"S":"x\ud800y"}}"#
    let flagged = try line.withUTF8 { try DynamoJSONDecoder.decodeItemLine($0, wrapper: .none).loneSurrogate }
    #expect(flagged)
  }
}
