import Dispatch
import Foundation

extension Array where Element: Sendable {
  /// `map` over contiguous chunks on all cores; the results keep the input's order.
  package func parallelMap<R: Sendable>(workers: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @Sendable (Element) -> R) -> [R] {
    let workers = Swift.max(1, Swift.min(workers, count))
    guard workers > 1 else { return map(transform) }
    let results = UnsafeMutableBufferPointer<R>.allocate(capacity: count)
    defer { results.deallocate() }
    let output = UncheckedBuffer(base: results)
    let chunk = (count + workers - 1) / workers
    self.withUnsafeBufferPointer { input in
      let source = UncheckedInput(base: input)
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        for i in (w * chunk)..<Swift.min(source.base.count, (w + 1) * chunk) {
          (output.base.baseAddress! + i).initialize(to: transform(source.base[i]))
        }
      }
    }
    let array = Array<R>(results)
    _ = results.baseAddress!.deinitialize(count: count)
    return array
  }
}

/// Disjoint chunks of one buffer, written by different threads.
private struct UncheckedBuffer<T>: @unchecked Sendable { let base: UnsafeMutableBufferPointer<T> }

private struct UncheckedInput<T>: @unchecked Sendable { let base: UnsafeBufferPointer<T> }
