import Synchronization
import SystemLibC

/// How a running search is stopped: first no new trials are scheduled (the first Ctrl-C), then the
/// running children are stopped too (the second). It also knows the children, to stop them.
public final class SearchControl: Sendable {
    private struct State {
        var children: [pid_t: ChildProcess] = [:]
        var stopRequested = false
        var interrupted = false
    }

    private let state = Mutex(State())

    /// Creates an empty set.
    public init() {}

    /// Stops scheduling new trials; running ones go on.
    public func requestStop() {
        state.withLock { $0.stopRequested = true }
    }

    /// Whether new trials may still be scheduled.
    public var isStopRequested: Bool { state.withLock { $0.stopRequested || $0.interrupted } }

    /// Whether ``interruptAll(graceSeconds:)`` was called.
    public var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// The number of children running.
    public var count: Int { state.withLock { $0.children.count } }

    /// Adds a child; if the search was already interrupted, the child is stopped at once.
    func add(_ child: ChildProcess) {
        let stopNow = state.withLock { state in
            state.children[child.pid] = child
            return state.interrupted
        }
        if stopNow { child.signalGroup(SIGKILL) }
    }

    /// Forgets a child that ended.
    func remove(_ child: ChildProcess) {
        _ = state.withLock { $0.children.removeValue(forKey: child.pid) }
    }

    /// Stops every child: SIGTERM to each process group, then SIGKILL to those still there after
    /// `graceSeconds`. Children started later are killed as they start.
    public func interruptAll(graceSeconds: Double) {
        let children = state.withLock { state in
            state.interrupted = true
            state.stopRequested = true
            return Array(state.children.values)
        }
        for child in children { child.signalGroup(SIGTERM) }
        Task {
            try? await Task.sleep(for: .seconds(graceSeconds))
            for child in children { child.signalGroup(SIGKILL) }
        }
    }
}
