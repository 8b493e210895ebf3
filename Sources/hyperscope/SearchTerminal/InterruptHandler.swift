import Dispatch
import Hyperscope
import Synchronization
import SystemLibC

/// Turns Ctrl-C into a graceful stop: the first stops scheduling and lets running trials finish,
/// the second (or SIGTERM, or SIGHUP when the terminal closes) stops the running children, which
/// are recorded as interrupted.
final class InterruptHandler {
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers.
    init(control: SearchControl, display: SearchDisplay) {
        let presses = Mutex(0)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            let count = presses.withLock { count -> Int in
                count += 1
                return count
            }
            if count == 1 {
                control.requestStop()
                display.note(
                    "Stopping: no new trials; waiting for \(control.count) running (Ctrl-C again to stop them now).")
            } else {
                display.note("Stopping the running trials.")
                control.interruptAll(graceSeconds: TrialRunner.graceSeconds)
            }
        }
        var sources = [interrupt]
        for (signalNumber, name) in [(SIGTERM, "Terminated"), (SIGHUP, "Hung up (the terminal closed)")] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                display.note("\(name): stopping the running trials.")
                control.interruptAll(graceSeconds: TrialRunner.graceSeconds)
            }
            sources.append(source)
        }
        for source in sources { source.resume() }
        self.sources = sources
    }

    /// Removes the handlers, restoring the default actions.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        signal(SIGHUP, SIG_DFL)
    }
}
