import ArgumentParser
import Foundation

/// The output formats of the check commands (`verify`, `retention`, `settings`).
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, csv, xlsx, junit, sarif
}
