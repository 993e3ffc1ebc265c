import Foundation

/// A bounded hand-off between the thread that reads and parses and the thread that writes
/// to SQLite, so that both cores work and memory stays bounded.
final class BatchQueue<Element: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var buffer: [Element] = []
  private var givenBack: [Element] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  /// Adds an element, waiting while the queue is full. Returns false once cancelled.
  @discardableResult
  func put(_ element: Element) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while buffer.count >= capacity && !cancelled { condition.wait() }
    if cancelled { return false }
    buffer.append(element)
    condition.broadcast()
    return true
  }

  /// Takes the next element, waiting for one; nil when the producer has finished.
  func take() -> Element? {
    condition.lock()
    defer { condition.unlock() }
    while buffer.isEmpty && !finished && !cancelled { condition.wait() }
    if buffer.isEmpty { return nil }
    let element = buffer.removeFirst()
    condition.broadcast()
    return element
  }

  /// Hands a consumed element back, so that the producer frees it (`dropGivenBack`) and the
  /// consumer's thread spends no time on deallocation.
  func giveBack(_ element: Element) {
    condition.lock()
    givenBack.append(element)
    condition.unlock()
  }

  /// Frees the elements the consumer gave back, on the calling (producer's) thread.
  func dropGivenBack() {
    condition.lock()
    let elements = givenBack
    givenBack.removeAll()
    condition.unlock()
    _ = consume elements  // released here, outside the lock
  }

  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// Stops the producer: its next `put` returns false.
  func cancel() {
    condition.lock()
    cancelled = true
    buffer.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}
