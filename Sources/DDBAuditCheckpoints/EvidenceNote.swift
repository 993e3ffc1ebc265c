import Crypto
import Foundation
import DDBAuditModel
import DDBAuditFiles

/// One signed note listing the SHA-256 of every file of one run (docs/checkpoint.md §7), from
/// their `.sha256` sidecars: an auditor who holds a report file and the verifier key can check
/// that it came from this run, signed by this key.
package enum EvidenceNote {
  package static let header = "ddbaudit-evidence/v1"
  package static let fileName = "evidence.sig"

  /// Signs the sidecars of `folder` into `folder/evidence.sig`; returns how many files it lists.
  @discardableResult
  package static func write(folder: String, runAt: Int64, signer: NoteSigner) throws -> Int {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sha256") }
      .sorted { UTF16Order.less(Array($0.utf8), Array($1.utf8)) }
    var lines = [header, "run \(Timestamp.iso8601(milliseconds: runAt))"]
    for name in names {
      let text = String(decoding: try InputFile.contents((folder as NSString).appendingPathComponent(name)), as: UTF8.self)
      guard let line = text.split(separator: "\n").first, line.utf8.count > 66, RecordHash.bytes(hex: String(line.prefix(64))) != nil else {
        throw DDBAuditError.badInput(path: name, line: 1, message: "not a sha256sum line")
      }
      lines.append(String(line))
    }
    let file = try AtomicFile(path: (folder as NSString).appendingPathComponent(fileName))
    try file.write(try SignedNote.sign(lines.map { $0 + "\n" }.joined(), with: [signer]))
    try file.commit()
    return names.count
  }

  /// Whether `bytes` look like an evidence note (rather than a JSON proof).
  package static func looksLike(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array(header.utf8)) }

  /// Checks an evidence note under `trusted` keys, and every file it lists that is present in
  /// `folder`: one line per file, and whether all held.
  package static func verify(_ bytes: [UInt8], folder: String, trusted: [NoteVerifier]) throws -> (lines: [String], ok: Bool) {
    let note: SignedNote
    do { note = try SignedNote.open(bytes, trusted: trusted) } catch { return (["FAILED  the evidence note is not trusted: \(error)"], false) }
    var out = ["ok  evidence note signed by \(note.verifiedBy.joined(separator: ", "))"]
    var ok = true
    for line in note.text.split(separator: "\n").dropFirst(2) {
      let digest = String(line.prefix(64)), name = String(line.dropFirst(66))
      let path = (folder as NSString).appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: path) else {
        out.append("missing  \(name)")
        continue
      }
      let fd = try InputFile.open(path)
      defer { close(fd) }
      var hasher = SHA256()
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let n = read(fd, &chunk, chunk.count)
        guard n >= 0 else { throw DDBAuditError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        if n == 0 { break }
        hasher.update(data: chunk[0..<n])
      }
      let actual = RecordHash.hex(hasher.finalize())
      if actual == digest {
        out.append("ok  \(name)")
      } else {
        ok = false
        out.append("FAILED  \(name): its SHA-256 is \(actual), the signed evidence says \(digest)")
      }
    }
    return (out, ok)
  }
}
