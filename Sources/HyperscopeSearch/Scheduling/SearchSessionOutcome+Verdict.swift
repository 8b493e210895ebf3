import HyperscopeCore

extension SearchSessionOutcome {
    /// Why the session failed as a whole, for a non-zero exit: its trials kept failing the same way,
    /// or none of the trials it ran succeeded (completed or pruned). `nil` when it did its work, or
    /// ran no trial at all (a finished grid, a spent budget).
    public var failureReason: String? {
        if let streak = stoppedByFailures {
            return
                "the search stopped: the last \(streak.count) trials failed the same way: \(streak.lastMessage ?? "failed")"
        }
        let ran = finishedTrials.filter { $0.state != .interrupted }
        guard !ran.isEmpty, !ran.contains(where: { $0.state == .completed || $0.state == .pruned }) else { return nil }
        let last = ran.last { $0.state == .failed }?.message ?? "failed"
        return "no trial succeeded: \(ran.count) of \(ran.count) failed; the last: \(last)"
    }

    /// A warning when every trial that ran several repeats got the same value from each: the
    /// command likely ignores its seed, and the repeats measured nothing. `nil` otherwise.
    public var identicalRepeatsWarning: String? {
        let repeated = finishedTrials.filter { $0.state == .completed && ($0.valueSummary?.count ?? 0) > 1 }
        guard repeated.count >= 2, repeated.allSatisfy({ $0.valueSummary?.standardDeviation == 0 }) else { return nil }
        return "every trial's repeats gave the same value (± 0): the command seems to ignore its seed; "
            + "pass \"{seed}\" in the command or read HYPERSCOPE_SEED, or set repeats: 1"
    }
}

extension SearchConfiguration {
    /// A warning before a search whose repeats may all be the same run: `repeats` above 1 while
    /// neither the command nor its working directory uses `{seed}` (the seed then reaches the command
    /// only as `HYPERSCOPE_SEED`). `nil` otherwise.
    public var repeatSeedWarning: String? {
        guard repeats > 1 else { return nil }
        let templates = objective.command + [objective.workingDirectory].compactMap { $0 }
        guard !CommandTemplate(templates).placeholderNames.contains("seed") else { return nil }
        return "repeats: \(repeats), but the command has no {seed}: each repeat gets its seed only as HYPERSCOPE_SEED "
            + "(0 to \(repeats - 1)); if the command does not read it, the repeats will be identical"
    }
}
