import Dispatch
import Foundation

/// Maps over items on all cores, keeping the input order in the result.
///
/// Ingest is per file and independent (libxml2 readers and CSV parsers share nothing), so a
/// batch of files parses on every core, and the ledger's records encode and decode the same way;
/// the output order stays the order of the inputs, so results are deterministic. (Computation
/// only: the core still does no I/O.)
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
  let count = items.count
  guard count > 1 else { return items.map(transform) }
  let workers = min(ProcessInfo.processInfo.activeProcessorCount, count)
  let results = ResultSlots<R>(count: count)
  let next = AtomicCounter()
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let i = next.increment()
      if i >= count { break }
      results.set(i, transform(items[i]))
    }
  }
  return results.values()
}

private final class ResultSlots<R>: @unchecked Sendable {
  private var slots: [R?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ value: R) {
    lock.lock()
    slots[i] = value
    lock.unlock()
  }
  func values() -> [R] { slots.map { $0! } }
}

/// Runs `body` over `0..<count` in ranges of `chunk` on all cores: for work a million elements
/// long, where `parallelMap`'s one hand-off per element would cost more than the element.
/// `body` must touch nothing another range touches.
func forEachChunk(of count: Int, chunk: Int, _ body: @Sendable (Range<Int>) -> Void) {
  DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
    body((c * chunk)..<min(count, (c + 1) * chunk))
  }
}

/// Runs `first` on this thread and `second` on a thread of its own, and returns when both have.
///
/// Not `DispatchQueue.concurrentPerform`: called inside another one (one file of several read at
/// once), libdispatch runs a nested `concurrentPerform` serially, and the two halves of the
/// largest file were read one after the other on one core.
public func bothAtOnce(_ first: () -> Void, _ second: () -> Void) {
  withoutActuallyEscaping(second) { second in
    let work = UncheckedSendable(second)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      work.value?()
      // Let go of the closure before saying so: the thread itself may outlive this call.
      work.value = nil
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    first()
    done.wait()
  }
}

/// A value handed to another thread that the caller guarantees it does not touch meanwhile.
private final class UncheckedSendable<Value>: @unchecked Sendable {
  var value: Value?
  init(_ value: Value) { self.value = value }
}

private final class AtomicCounter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  /// Returns the current value and adds one.
  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    let current = value
    value += 1
    return current
  }
}
