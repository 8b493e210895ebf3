import HyperscopeCore

extension SweepSummary {
    /// The summary's configurations as trials, so a collection of runs (imported sampler-bench
    /// results, a W&B export, a folder of logs) gets the same report as a search.
    ///
    /// Each group with a value becomes a completed trial: its value is the group's mean with the
    /// spread over its runs, and its parameters are those of its first run without the noise keys
    /// (a single sampler-bench run takes its spread from its per-sample `scores`). Each run left out
    /// of the aggregates becomes a failed trial (pruned or interrupted when the run was) whose
    /// message says why. Trials are numbered in the
    /// order of their first run.
    ///
    /// - Parameter runs: The runs the summary was built from (their full parameters are read).
    /// - Complexity: O(*runs × keys*).
    public func trials(runs: [Run], detection: SweepDetection = SweepDetection()) -> [Trial] {
        let byID = Dictionary(
            runs.compactMap { run in run.id.map { ($0, run) } }, uniquingKeysWith: { first, _ in first })
        func configuration(_ run: Run?) -> [String: Value] {
            (run?.params ?? [:]).filter { !detection.isNoise($0.key) }
        }
        var entries: [(firstRunID: Int64, trial: Trial)] = []
        for group in groups {
            guard let summary = group.summary, let firstID = group.runIDs.first else { continue }
            let members = group.runIDs.compactMap { byID[$0] }
            let spread = members.count == 1 ? Self.spread(of: members[0], otherwise: summary) : summary
            let trial = Trial(
                studyID: 0, number: 0, state: .completed, params: configuration(members.first), value: summary.mean,
                valueSummary: TrialValueSummary(
                    count: spread.count, standardDeviation: spread.standardDeviation,
                    confidenceInterval95: spread.confidenceInterval95),
                startedAt: members.compactMap(\.startedAt).min() ?? 0, endedAt: members.compactMap(\.endedAt).max(),
                runKeys: members.map(\.key))
            entries.append((firstID, trial))
        }
        for left in incomplete {
            let run = byID[left.runID]
            // A pruned or interrupted run stays so; any other run left out counts as failed.
            let state: TrialState =
                run?.status == .pruned ? .pruned : run?.status == .interrupted ? .interrupted : .failed
            let trial = Trial(
                studyID: 0, number: 0, state: state, params: configuration(run), startedAt: run?.startedAt ?? 0,
                endedAt: run?.endedAt,
                message: "\(left.name): left out: \(left.reason)", runKeys: run.map { [$0.key] } ?? [])
            entries.append((left.runID, trial))
        }
        return entries.sorted { $0.firstRunID < $1.firstRunID }.enumerated().map { number, entry in
            var trial = entry.trial
            trial.number = number
            return trial
        }
    }

    /// The spread of one run's value: a sampler-bench result's per-sample `scores`, else `summary`.
    static func spread(of run: Run, otherwise summary: SampleSummary) -> SampleSummary {
        guard run.format == .samplerBench, let scores = run.curve(MetricKey(split: "", metric: "scores")),
            let perSample = SampleSummary(scores.values.filter { !$0.isNaN })
        else { return summary }
        return perSample
    }
}

extension Array where Element == Run {
    /// The runs as trials one by one, without merging runs of the same configuration: the per-result
    /// view of an imported results file, as the tool that wrote it shows it. A run with a value of
    /// `selection` and a judged status is a completed trial (a sampler-bench result with the spread of
    /// its per-sample scores); any other a failed (or pruned, or interrupted) trial saying why.
    ///
    /// - Complexity: O(*runs × keys*).
    public func resultTrials(
        selection: MetricSelection, detection: SweepDetection = SweepDetection(),
        statuses: RunStatusSelection = .completedOnly
    ) -> [Trial] {
        sorted { ($0.id ?? 0) < ($1.id ?? 0) }.enumerated().map { number, run in
            let params = run.params.filter { !detection.isNoise($0.key) }
            let value = try? selection.value(in: run).get()
            if let value, statuses.statuses.contains(run.status), let summary = SampleSummary([value]) {
                let spread = SweepSummary.spread(of: run, otherwise: summary)
                return Trial(
                    studyID: 0, number: number, state: .completed, params: params, value: value,
                    valueSummary: TrialValueSummary(
                        count: spread.count, standardDeviation: spread.standardDeviation,
                        confidenceInterval95: spread.confidenceInterval95),
                    startedAt: run.startedAt ?? 0, endedAt: run.endedAt, runKeys: [run.key])
            }
            var reason = run.status.rawValue + (run.statusReason.map { ": " + $0 } ?? "")
            if statuses.statuses.contains(run.status), case .failure(let why) = selection.value(in: run) {
                reason = why.reason
            }
            let state: TrialState =
                run.status == .pruned ? .pruned : run.status == .interrupted ? .interrupted : .failed
            return Trial(
                studyID: 0, number: number, state: state, params: params, startedAt: run.startedAt ?? 0,
                endedAt: run.endedAt,
                message: "\(run.name): left out: \(reason)", runKeys: [run.key])
        }
    }
}
