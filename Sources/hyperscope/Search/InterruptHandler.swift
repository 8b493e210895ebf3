#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Hyperscope
import Synchronization

/// Turns Ctrl-C into a graceful stop: the first stops scheduling and lets running trials finish,
/// the second (or SIGTERM) stops the running children, which are recorded as interrupted.
final class InterruptHandler {
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers.
    init(control: SearchControl, display: SearchDisplay) {
        let presses = Mutex(0)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            let count = presses.withLock { count -> Int in
                count += 1
                return count
            }
            if count == 1 {
                control.requestStop()
                display.note("Stopping: no new trials; waiting for \(control.count) running (Ctrl-C again to stop them now).")
            } else {
                display.note("Stopping the running trials.")
                control.interruptAll(graceSeconds: TrialRunner.graceSeconds)
            }
        }
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        terminate.setEventHandler {
            display.note("Terminated: stopping the running trials.")
            control.interruptAll(graceSeconds: TrialRunner.graceSeconds)
        }
        interrupt.resume()
        terminate.resume()
        sources = [interrupt, terminate]
    }

    /// Removes the handlers, restoring the default actions.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
