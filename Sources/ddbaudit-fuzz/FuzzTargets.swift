import Foundation
import DDBAuditModel
import DDBAuditImport
import DDBAuditChecks
import DDBAuditCheckpoints

/// The parsers ddbaudit exposes to untrusted input, each a fuzz target: whatever the bytes,
/// it returns or throws a `DDBAuditError`/`DynamoJSONError`, never traps, hangs or grows
/// without bound; and where the import has two paths (the transcoder and the full decoder),
/// both store the same row or refuse alike.
enum FuzzTarget: String, CaseIterable {
  /// One export line through the transcoder and the full decoder, which must agree.
  case decoder
  /// manifest-summary.json and manifest-files.json, split at the first NUL byte.
  case manifest
  /// Scan, query and get-item output.
  case scan
  /// Stream records: Lambda events, GetRecords output, Kinesis payloads (and Kinesis Lambda events).
  case stream
  /// Data Pipeline lines, JSON and Hive, and JSON lines.
  case lines
  /// gzip streams, inflated line by line.
  case gzip
  /// `merge` inputs: up to four shard results, split at NUL bytes, parsed and merged.
  case merge
  /// Checkpoint files: a signed note, a proof or an evidence note, then (after a NUL byte) a
  /// chain state: opened, parsed and checked as verify and verify-proof do.
  case checkpoint

  /// Runs one input. A disagreement between the two import paths is a crash, so that the
  /// fuzzer reports it.
  func run(_ data: [UInt8]) {
    switch self {
    case .decoder:
      data.withUnsafeBufferPointer { line in
        if let disagreement = ParserProbe.decoderDisagreement(line) {
          fatalError("the transcoder and the decoder disagree on \(String(decoding: line, as: UTF8.self)): \(disagreement)")
        }
      }
    case .manifest:
      let split = data.firstIndex(of: 0) ?? data.endIndex
      withFolder { folder in
        try Data(data[..<split]).write(to: folder.appendingPathComponent("manifest-summary.json"))
        try Data(data[min(split + 1, data.endIndex)...]).write(to: folder.appendingPathComponent("manifest-files.json"))
        try ParserProbe.manifests(folder: folder)
      }
    case .scan: withFile(data, ParserProbe.scan(path:))
    case .stream: withFile(data, ParserProbe.stream(path:))
    case .lines: withFile(data) { ParserProbe.lines(path: $0) }
    case .gzip: withFile(data, ParserProbe.gzip(path:))
    case .merge:
      withFolder { _ in
        let documents = data.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
        let parts = try documents.enumerated().map { k, bytes in
          ShardMerge.Part(path: "part-\(k).json", document: try JSONValue.parse(Array(bytes)))
        }
        let merged = try ShardMerge.merge(parts)
        _ = merged.document.bytes(pretty: true)
      }
    case .checkpoint:
      let split = data.firstIndex(of: 0) ?? data.endIndex
      let note = Array(data[..<split]), state = Array(data[min(split + 1, data.endIndex)...])
      // Go's documented test key, which signs the corpus's notes.
      let trusted = [try? NoteVerifier("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")].compactMap { $0 }
      _ = try? Proofs.verify(note, trusted: trusted)
      if let opened = try? SignedNote.open(note, trusted: trusted) { _ = try? Checkpoint(text: opened.text) }
      _ = try? Checkpoint(text: String(decoding: note, as: UTF8.self))
      _ = try? NoteVerifier(String(decoding: note.prefix(256), as: UTF8.self))
      if let parsed = try? ChainState(json: state) {
        _ = parsed.range.root
        for chain in parsed.chains {
          _ = chain.ttlBounds(through: chain.head)
          _ = chain.leafIndex(seq: chain.first)
        }
        _ = parsed.json.bytes(pretty: true)
      }
    }
  }

  /// Runs `body` with `data` in a temporary file; errors are the expected outcome of most inputs.
  private func withFile(_ data: [UInt8], _ body: (String) throws -> Void) {
    withFolder { folder in
      let path = folder.appendingPathComponent("input").path
      try Data(data).write(to: URL(fileURLWithPath: path))
      try body(path)
    }
  }

  private func withFolder(_ body: (URL) throws -> Void) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ddbaudit-fuzz-\(getpid())", isDirectory: true)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    do { try body(folder) } catch is DDBAuditError {} catch is DynamoJSONError {} catch {
      fatalError("an error that is neither DDBAuditError nor DynamoJSONError: \(error)")
    }
  }
}
