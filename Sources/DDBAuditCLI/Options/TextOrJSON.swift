import ArgumentParser
import Foundation

/// Text for people, or JSON for programs.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
