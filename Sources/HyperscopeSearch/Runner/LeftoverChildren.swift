import Foundation

/// Children an orchestrator left running when it was killed (`kill -9` cannot be caught, and a
/// child in its own process group outlives its parent), found again and stopped on `--resume`.
///
/// The runner writes `child.pid` into each run's folder: the child's process id and its start time
/// in clock ticks since boot (field 22 of `/proc/PID/stat`). A group is stopped only when a process
/// with that id and that start time still exists, so a reused process id is never signalled.
package enum LeftoverChildren {
    /// The file in a run's folder that names its child.
    package static let recordName = "child.pid"

    /// Records a running child in its run's folder.
    static func record(_ child: ChildProcess, in folder: URL) {
        guard let started = startTime(of: child.pid) else { return }
        try? TrialFile.write("\(child.pid) \(started)\n", to: folder.appendingPathComponent(recordName).path)
    }

    /// Forgets a child that ended.
    static func forget(in folder: URL) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(recordName))
    }

    /// Stops the process groups of children still running from the given run folders: SIGTERM,
    /// then SIGKILL to those left after `graceSeconds`.
    ///
    /// - Returns: How many were found running.
    @discardableResult
    package static func stop(inRunFolders folders: [URL], graceSeconds: Double = 5) async -> Int {
        var groups: [pid_t] = []
        for folder in folders {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(recordName), encoding: .utf8) else {
                continue
            }
            let fields = text.split(whereSeparator: \.isWhitespace)
            guard fields.count == 2, let pid = pid_t(fields[0]), let recorded = UInt64(fields[1]),
                startTime(of: pid) == recorded
            else {
                forget(in: folder)
                continue
            }
            kill(-pid, SIGTERM)
            groups.append(pid)
        }
        guard !groups.isEmpty else { return 0 }
        let deadline = Date().addingTimeInterval(graceSeconds)
        while Date() < deadline, groups.contains(where: { kill(-$0, 0) == 0 }) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        for pid in groups { kill(-pid, SIGKILL) }
        for folder in folders { forget(in: folder) }
        return groups.count
    }

    /// A process's start time in clock ticks since boot, or `nil` when it does not exist (Linux only).
    static func startTime(of pid: pid_t) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let closing = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may hold spaces, start at field 3 (the state).
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
