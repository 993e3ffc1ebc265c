import Crypto
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditChecks

/// The three files of a checkpoint (docs/checkpoint.md): the signed note at `path`, its chain
/// state at `path.state.json` (named by SHA-256 in the note), and the log's leaves at
/// `path.leaves` (named by SHA-256 in the state; optional).
package struct CheckpointFiles: Sendable {
  package let path: String
  package init(_ path: String) { self.path = path }

  package var statePath: String { path + ".state.json" }
  package var leavesPath: String { path + ".leaves" }

  /// Reads and checks the checkpoint: its note must be signed by one of `trusted`, its chain
  /// state must be the one it names and agree with it (origin, size, root), and its leaves
  /// file, when there, must be the one the state names. Anything else is `.refused`, with why.
  package func load(trusted: [NoteVerifier]) throws -> CheckpointEvidence {
    let noteBytes = Array(try InputFile.contents(path))
    // The table a refused checkpoint claims to be of, for its finding: read only when refusing.
    func claimedTable() -> String? { (try? InputFile.contents(statePath)).flatMap { try? ChainState(json: Array($0)) }?.table }
    let note: SignedNote
    do { note = try SignedNote.open(noteBytes, trusted: trusted) } catch {
      return .refused(source: path, table: claimedTable(), reason: error.description)
    }
    let checkpoint: Checkpoint
    do { checkpoint = try Checkpoint(text: note.text) } catch {
      return .refused(source: path, table: claimedTable(), reason: error.description)
    }
    guard let digest = checkpoint.stateDigest else {
      return .refused(source: path, table: claimedTable(), reason: "the note names no chain state (no \"\(Checkpoint.stateExtension)\" line)")
    }
    guard FileManager.default.fileExists(atPath: statePath) else {
      throw DDBAuditError.io(path: statePath, message: "the chain state of \(path) is missing; a checkpoint is its note and this file")
    }
    let stateBytes = Array(try InputFile.contents(statePath))
    guard RecordHash.sha256Hex(stateBytes) == digest else {
      return .refused(source: path, table: claimedTable(), reason: "\(statePath) is not the chain state the note signed (its SHA-256 differs)")
    }
    let state: ChainState
    do { state = try ChainState(json: stateBytes) } catch {
      throw DDBAuditError.badInput(path: statePath, line: nil, message: error.description)
    }
    guard state.origin.utf8.elementsEqual(checkpoint.origin.utf8), state.size == checkpoint.size, state.range.root == checkpoint.root else {
      return .refused(source: path, table: state.table, reason: "the chain state disagrees with the signed note's origin, size or root")
    }
    var leaf: (@Sendable (UInt64) throws -> [UInt8]?)? = nil
    if let expected = state.leavesDigest, FileManager.default.fileExists(atPath: leavesPath) {
      let file = try LeafFile(path: leavesPath)
      guard file.count == state.size, try file.sha256() == expected else {
        return .refused(source: path, table: state.table, reason: "\(leavesPath) is not the leaves file the chain state names")
      }
      leaf = { index in try file.leaf(index) }
    }
    return .trusted(TrustedCheckpoint(source: path, checkpoint: checkpoint, state: state, signedBy: note.verifiedBy, leaf: leaf))
  }
}

/// The leaves of a log: each leaf's data (a record hash, 32 bytes), in leaf order, nothing else.
/// `leaf(_:)` reads a block of 4,096 leaves at a time and keeps the last one, for callers that
/// read leaves in order (verify's walk); one thread at a time.
package final class LeafFile: @unchecked Sendable {
  package let path: String
  let fd: Int32
  package let count: UInt64
  private var block: (start: UInt64, bytes: [UInt8])? = nil
  static let blockLeaves: UInt64 = 4096

  package init(path: String) throws {
    self.path = path
    fd = try InputFile.open(path)
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size % 32 == 0 else {
      close(fd)
      throw DDBAuditError.badInput(path: path, line: nil, message: "a leaves file holds 32-byte hashes; its size is not a multiple of 32")
    }
    count = UInt64(info.st_size) / 32
  }

  deinit { close(fd) }

  /// Leaf `index`'s data; nil past the end.
  package func leaf(_ index: UInt64) throws -> [UInt8]? {
    guard index < count else { return nil }
    if let block, index >= block.start, index < block.start + UInt64(block.bytes.count / 32) {
      let at = Int(index - block.start) * 32
      return Array(block.bytes[at..<(at + 32)])
    }
    let start = index - index % Self.blockLeaves
    let want = Int(min(Self.blockLeaves, count - start)) * 32
    var bytes = [UInt8](repeating: 0, count: want)
    let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(start * 32)) }
    guard n == want else { throw DDBAuditError.io(path: path, message: "cannot read leaf \(index): \(String(cString: strerror(errno)))") }
    block = (start, bytes)
    let at = Int(index - start) * 32
    return Array(bytes[at..<(at + 32)])
  }

  /// Calls `body` with the data of leaves `from ..< to`, in order, reading in large blocks.
  package func forEach(from: UInt64 = 0, to: UInt64? = nil, _ body: ([UInt8]) throws -> Void) throws {
    let end = min(to ?? count, count)
    var index = from
    var block = [UInt8](repeating: 0, count: 32 * 4096)
    while index < end {
      let want = Int(min(end - index, 4096))
      let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want * 32, off_t(index * 32)) }
      guard n == want * 32 else { throw DDBAuditError.io(path: path, message: "cannot read leaves at \(index): \(String(cString: strerror(errno)))") }
      for k in 0..<want { try body(Array(block[(k * 32)..<(k * 32 + 32)])) }
      index += UInt64(want)
    }
  }

  /// SHA-256 (hex) of the whole file.
  package func sha256() throws -> String {
    var hasher = SHA256()
    try forEach { hasher.update(data: $0) }
    return RecordHash.hex(hasher.finalize())
  }

  /// `MTH(D[a:b])` over the leaves, streamed.
  package func subtree(_ a: UInt64, _ b: UInt64) throws -> Merkle.Hash {
    var range = CompactRange()
    try forEach(from: a, to: b) { range.append(leafHash: Merkle.leafHash($0)) }
    return range.root
  }
}
