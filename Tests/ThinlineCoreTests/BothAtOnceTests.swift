import Dispatch
import Foundation
import Testing
import ThinlineCore

/// `bothAtOnce` really runs its two halves at the same time, also inside a `concurrentPerform`
/// (where a nested `concurrentPerform` runs serially): the first waits for a signal only the
/// second gives, so one after the other it would time out.
@Suite struct BothAtOnceTests {
  @Test func theHalvesOverlapEvenInsideAConcurrentPerform() {
    let outcomes = Outcomes()
    DispatchQueue.concurrentPerform(iterations: 2) { slot in
      let signal = DispatchSemaphore(value: 0)
      var waited = DispatchTimeoutResult.timedOut
      var ran = false
      bothAtOnce(
        { waited = signal.wait(timeout: .now() + 10) },
        {
          ran = true; signal.signal()
        })
      outcomes.set(slot, waited == .success && ran)
    }
    #expect(outcomes.all == [true, true])
  }
}

private final class Outcomes: @unchecked Sendable {
  private var values = [false, false]
  private let lock = NSLock()
  func set(_ i: Int, _ value: Bool) { lock.withLock { values[i] = value } }
  var all: [Bool] { lock.withLock { values } }
}
