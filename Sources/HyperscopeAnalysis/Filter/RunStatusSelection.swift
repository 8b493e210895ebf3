import HyperscopeCore

/// Which runs an objective-based analysis judges, by status: completed runs by default, since a
/// pruned, failed, interrupted, still running or unfinished run's value stopped early or is missing.
///
/// Sweeps, comparisons, insights, importance, suggestions and run reports all select through it,
/// from the CLI and the dashboard alike, and say how many runs of each other status they left out.
public struct RunStatusSelection: Sendable, Hashable {
    /// The statuses kept.
    public var statuses: Set<RunStatus>

    /// Completed runs only: the default of every objective-based analysis.
    public static let completedOnly = RunStatusSelection(statuses: [.completed])
    /// Every run, whatever its status (what a `--where` that names `status` asks for).
    public static let all = RunStatusSelection(statuses: Set(RunStatus.allCases))

    /// Creates a selection of the given statuses.
    public init(statuses: Set<RunStatus>) {
        self.statuses = statuses
    }

    /// Reads `completed,pruned` (statuses separated by commas) or `all`.
    ///
    /// - Throws: ``NotComputable`` naming the unknown word and the statuses there are.
    public init(parsing text: String) throws(NotComputable) {
        let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
            !$0.isEmpty
        }
        if words == ["all"] {
            self = .all
            return
        }
        var statuses: Set<RunStatus> = []
        for word in words {
            guard let status = RunStatus(rawValue: word) else {
                throw NotComputable(
                    "unknown status '\(word)' in --status: expected all, or some of "
                        + RunStatus.allCases.map(\.rawValue).joined(separator: ", ") + " separated by commas")
            }
            statuses.insert(status)
        }
        guard !statuses.isEmpty else {
            throw NotComputable("--status names no status: give completed, completed,pruned, or all")
        }
        self.statuses = statuses
    }

    /// The selection an analysis uses: the one given, else every status when the `--where`
    /// expression already chooses runs by `status`, else ``completedOnly``.
    public static func resolved(given: RunStatusSelection?, whereFields: [String]) -> RunStatusSelection {
        given ?? (whereFields.contains("status") ? .all : .completedOnly)
    }

    /// The runs kept and how many of each other status were left out.
    ///
    /// - Complexity: O(*runs*).
    public func apply(_ runs: [Run]) -> RunStatusSelectionResult {
        let (kept, leftOut) = keptPositions(runs.map(\.status))
        return RunStatusSelectionResult(runs: kept.map { runs[$0] }, leftOut: leftOut, selection: self)
    }

    /// The positions of the statuses kept, in order, and how many of each other status were left out.
    ///
    /// - Complexity: O(*statuses*).
    package func keptPositions(_ statuses: [RunStatus]) -> (positions: [Int], leftOut: [RunStatus: Int]) {
        var kept: [Int] = []
        kept.reserveCapacity(statuses.count)
        var leftOut: [RunStatus: Int] = [:]
        for (position, status) in statuses.enumerated() {
            if self.statuses.contains(status) { kept.append(position) } else { leftOut[status, default: 0] += 1 }
        }
        return (kept, leftOut)
    }
}

/// What a ``RunStatusSelection`` kept and left out.
public struct RunStatusSelectionResult: Sendable {
    /// The runs kept, in their order.
    public var runs: [Run]
    /// How many runs of each status were left out.
    public var leftOut: [RunStatus: Int]
    /// The selection applied.
    public var selection: RunStatusSelection

    /// `left out 16 pruned and 2 failed runs …; --status completed,pruned includes them`, or `nil`
    /// when nothing was left out.
    public var note: String? {
        Self.note(leftOut: leftOut, selection: selection)
    }

    /// The note of ``note`` for runs left out by a selection.
    package static func note(leftOut: [RunStatus: Int], selection: RunStatusSelection) -> String? {
        let counts = RunStatus.allCases.compactMap { status in leftOut[status].map { (status: status, count: $0) } }
        guard !counts.isEmpty else { return nil }
        let parts = counts.map { "\($0.count) \($0.status.rawValue)" }
        let listed = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        let total = counts.reduce(0) { $0 + $1.count }
        let judged = RunStatus.allCases.filter(selection.statuses.contains).map(\.rawValue)
        let wider = RunStatus.allCases.filter { selection.statuses.contains($0) || leftOut[$0] != nil }.map(\.rawValue)
        return
            "left out \(listed) run\(total == 1 ? "" : "s") (only \(judged.joined(separator: ", ")) runs are judged on their values); "
            + "--status \(wider.joined(separator: ",")) includes them"
    }
}
