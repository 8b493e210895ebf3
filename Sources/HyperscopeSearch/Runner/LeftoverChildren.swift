import Foundation

/// Children an orchestrator left running when it was killed (`kill -9` cannot be caught, and a
/// child in its own process group outlives its parent), found again and stopped on `--resume`.
///
/// The runner appends a line to the study folder's `children.pid` for each child it starts: the
/// child's process id, its start time in clock ticks since boot (field 22 of `/proc/PID/stat`) and
/// the name of its trial folder. A group is stopped only when a process with that id and that start
/// time still exists, so a reused process id is never signalled; a child that ended needs no
/// removal. One file a study, appended to, instead of a file created and removed in every trial
/// folder: on a busy file system each new file is a cost a cheap trial notices.
package enum LeftoverChildren {
    /// The file in a study's folder that lists the children started for its trials.
    package static let recordName = "children.pid"

    /// Records a running child, started for the trial folder `folder`, in its study folder's list.
    static func record(_ child: ChildProcess, in folder: URL) {
        guard let started = startTime(of: child.pid) else { return }
        let list = folder.deletingLastPathComponent().appendingPathComponent(recordName).path
        let line = Array("\(child.pid) \(started) \(folder.lastPathComponent)\n".utf8)
        // One write of a short line to a file opened for appending: lines of children started at
        // the same moment never interleave.
        let descriptor = open(list, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        _ = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// Stops the process groups of children still running from the given trial folders: SIGTERM,
    /// then SIGKILL to those left after `graceSeconds`. The study folders' lists keep only children
    /// still running afterwards.
    ///
    /// - Returns: How many were found running.
    @discardableResult
    package static func stop(inRunFolders folders: [URL], graceSeconds: Double = 5) async -> Int {
        let byStudy = Dictionary(grouping: folders) { $0.deletingLastPathComponent().path }
        var groups: [pid_t] = []
        for (studyFolder, trialFolders) in byStudy {
            let names = Set(trialFolders.map(\.lastPathComponent))
            for entry in entries(in: studyFolder) where names.contains(entry.folder) && entry.isRunning {
                kill(-entry.pid, SIGTERM)
                groups.append(entry.pid)
            }
        }
        if !groups.isEmpty {
            let deadline = Date().addingTimeInterval(graceSeconds)
            while Date() < deadline, groups.contains(where: { kill(-$0, 0) == 0 }) {
                try? await Task.sleep(for: .milliseconds(100))
            }
            for pid in groups { kill(-pid, SIGKILL) }
        }
        for studyFolder in byStudy.keys { keepRunning(in: studyFolder, except: Set(groups)) }
        return groups.count
    }

    /// One line of a study folder's list.
    private struct Entry {
        var pid: pid_t
        var started: UInt64
        var folder: String
        var line: Substring

        /// Whether the process still runs (the same id with the same start time).
        var isRunning: Bool { LeftoverChildren.startTime(of: pid) == started }
    }

    private static func entries(in studyFolder: String) -> [Entry] {
        let path = URL(fileURLWithPath: studyFolder).appendingPathComponent(recordName).path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, let pid = pid_t(fields[0]), let started = UInt64(fields[1]) else { return nil }
            return Entry(pid: pid, started: started, folder: String(fields[2]), line: line)
        }
    }

    /// Rewrites a study folder's list with the children still running (other than `stopped`), or
    /// removes it when there are none.
    private static func keepRunning(in studyFolder: String, except stopped: Set<pid_t>) {
        let path = URL(fileURLWithPath: studyFolder).appendingPathComponent(recordName).path
        let kept = entries(in: studyFolder).filter { !stopped.contains($0.pid) && $0.isRunning }
        if kept.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
        } else {
            try? TrialFile.write(kept.map { $0.line + "\n" }.joined(), to: path)
        }
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
