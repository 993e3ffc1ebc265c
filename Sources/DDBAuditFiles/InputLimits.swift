import Foundation

/// Bounds on what one input may cost, so that memory and time stay bounded whatever a file
/// holds (`--max-line-bytes`, `--max-inflate-ratio`).
package struct InputLimits: Sendable, Equatable {
  /// The longest line (one item's JSON) read.
  package var maxLineBytes = LineReader.defaultMaxLineBytes
  /// How many times its compressed size a gzip stream may inflate to; 0: no limit.
  package var maxInflateRatio = LineReader.defaultMaxInflateRatio
  package init() {}
}
