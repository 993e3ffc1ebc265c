
/// How CSV is written. The defaults are RFC 4180 with CRLF and formula escaping on.
package struct CSVOptions: Sendable {
  /// End lines with CRLF (RFC 4180); false writes LF.
  package var crlf = true
  /// Start the file with a UTF-8 byte order mark (for old Excel versions).
  package var bom = false
  /// Prefix text cells that start with `= + - @`, TAB, CR or LF with `'`, so that a
  /// spreadsheet never runs them as formulas. Number cells are left alone.
  package var formulaEscape = true
  package init() {}
}
