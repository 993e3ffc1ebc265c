import Foundation

/// Runs the `ddbaudit` binary built beside the tests.
package struct CLIResult {
  package var status: Int32
  package var stdout: String
  package var stderr: String
}
