import Foundation

/// Receives progress from a running import. Implemented by the CLI's progress bar.
package protocol ImportObserver: AnyObject {
  func willRead(label: String, totalBytes: Int64)
  func didRead(totalBytes: Int64)
  func didFinishReading()
}
