import HyperscopeCore

extension Run {
    /// Why a run whose source records no end (another tool's log, where a Hyperscope log would have
    /// an end record) has its status: `what` names the source (`a CSV log`).
    static func endlessRunReason(recordedBy what: String, looksAlive: Bool) -> String {
        looksAlive
            ? "\(what) records no end and is still being written"
            : "\(what) records no end; its curves show how far it got"
    }

    /// Gives a run whose source records no end its status: running while its files are written to
    /// (within the running window), else completed, since the run ended and its curves (which sweeps
    /// compare within a group) show whether it stopped short.
    mutating func setEndlessStatus(recordedBy what: String, looksAlive: Bool) {
        status = looksAlive ? .running : .completed
        statusReason = Self.endlessRunReason(recordedBy: what, looksAlive: looksAlive)
    }
}
