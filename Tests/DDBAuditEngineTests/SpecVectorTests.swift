import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel

@Suite struct SpecVectorTests {
  static let vectorsURL = RepoPaths.spec.appendingPathComponent("hash-chain-v1-vectors.jsonl")

  @Test func theSpecNamesTheVectorsBesideIt() throws {
    let spec = try String(contentsOf: RepoPaths.spec.appendingPathComponent("hash-chain-v1.md"), encoding: .utf8)
    #expect(spec.contains("`hash-chain-v1-vectors.jsonl`"))
    #expect(FileManager.default.fileExists(atPath: Self.vectorsURL.path))
  }

  @Test func everyVectorCanonicalisesAndHashesAsSpecified() throws {
    let lines = try String(contentsOf: Self.vectorsURL, encoding: .utf8).split(separator: "\n")
    #expect(lines.count >= 4)
    for line in lines {
      let vector = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      let itemJSON = String(
        decoding: try JSONSerialization.data(withJSONObject: vector["item"]!), as: UTF8.self)
      let item = try decodeItem(itemJSON)
      let name = vector["name"] as! String
      #expect(try CanonicalForm.string(of: item, excluding: [Array("hash".utf8)]) == vector["canonical"] as! String, "\(name)")
      #expect(try RecordHash.compute(item) == vector["hash"] as! String, "\(name)")
      // Where the vector's item carries its hash, it agrees too.
      if let stored = item["hash"] { #expect(stored.stringValue == vector["hash"] as? String, "\(name)") }
    }
  }
}
