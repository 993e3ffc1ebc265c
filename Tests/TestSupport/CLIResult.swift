import Foundation

/// What a run of ddbaudit ended with: its exit status and what it printed.
package struct CLIResult: Sendable {
  package var status: Int32
  package var stdout: String
  package var stderr: String
}
