internal import CSQLite

/// A value bound to a statement parameter.
package enum SQLValue: Sendable, Equatable {
  case null
  case int(Int64)
  case double(Double)
  case text(String)
  case blob([UInt8])
}
