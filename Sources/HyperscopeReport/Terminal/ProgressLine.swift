import HyperscopeCore
import Synchronization
import SystemLibC

/// A one-line progress bar redrawn in place on standard error, for long work on a terminal.
///
/// ```
/// [██████████░░░░░░░░░░]  512/1,024 files · 3,410 runs · 412.7 MB/s · ETA 2s
/// ```
///
/// It draws only when standard error is a terminal, at most ten times a second, and clears itself
/// when finished, so logs and pipes never see it.
package final class ProgressLine: Sendable {
    private struct State {
        var lastDraw = 0.0
        var drawn = false
    }

    private let enabled: Bool

    /// Whether the bar is drawn (standard error is a terminal, unless told otherwise).
    package var isEnabled: Bool { enabled }
    private let state = Mutex(State())

    /// Creates a progress line; `enabled` defaults to whether standard error is a terminal.
    package init(enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.enabled = enabled
    }

    /// Draws the bar for `done` of `total` items (named by `unit`, such as "files"), followed by `detail`.
    ///
    /// - Parameters:
    ///   - force: Draw even if the last draw was less than 0.1 s ago (for the final state).
    package func update(
        done: Int, total: Int, unit: String, detail: String = "", elapsedSeconds: Double, force: Bool = false
    ) {
        guard enabled else { return }
        let now = Self.monotonicSeconds()
        let shouldDraw = state.withLock { state in
            guard force || now - state.lastDraw >= 0.1 else { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard shouldDraw else { return }
        let line = Self.render(done: done, total: total, unit: unit, detail: detail, elapsedSeconds: elapsedSeconds)
        StandardError.write("\r\u{1B}[2K" + line)
    }

    /// Clears the line, leaving the terminal as it was.
    package func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        StandardError.write("\r\u{1B}[2K")
    }

    /// The text of the bar, without escapes.
    package static func render(
        done: Int, total: Int, unit: String, detail: String, elapsedSeconds: Double, width: Int = 20
    ) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int((fraction * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var text = "[\(bar)] \(NumberFormatting.grouped(done))/\(NumberFormatting.grouped(total)) \(unit)"
        if !detail.isEmpty { text += " · " + detail }
        if done > 0, done < total {
            let remaining = elapsedSeconds / Double(done) * Double(total - done)
            text += " · ETA " + NumberFormatting.duration(remaining)
        }
        return text
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
