import Foundation
import HyperscopeCore

/// One row of a sweep summary: a combination of the varying parameters and the statistics of its runs.
public struct SweepGroup: Sendable, Hashable {
    /// The varying parameters, as in the summary's ``SweepSummary/varying``.
    public var keys: [String]
    /// Their values in this combination, in ``keys`` order (a run lacking a key has `nil`).
    public var combination: [Value?]
    /// The ids of the runs aggregated, in id order.
    public var runIDs: [Int64]
    /// The values of the seed key across those runs, when the runs have one.
    public var seeds: [Value]
    /// The statistics of the selected metric over the runs that have it; `nil` when none has it.
    public var summary: SampleSummary?
    /// The metric values in `runIDs` order (runs without the metric left out).
    public var values: [Double]
}

extension SweepGroup {
    /// The combination by key.
    public var params: [String: Value?] { Dictionary(uniqueKeysWithValues: zip(keys, combination)) }

    /// The combination's value of a varying key; `nil` when the runs lack it or it does not vary.
    public func value(of key: String) -> Value? {
        keys.firstIndex(of: key).flatMap { combination[$0] }
    }
}

/// A run left out of a sweep's aggregates, and why.
public struct IncompleteRun: Sendable, Hashable {
    /// The run's id.
    public var runID: Int64
    /// The run's name.
    public var name: String
    /// Why it was left out ("val/acc has 3 of 5 epochs", "has no val/acc").
    public var reason: String
}

/// The answer to "what did this sweep vary, and how did each combination do?"
public struct SweepSummary: Sendable, Hashable {
    /// The parameters the sweep varies, in sorted order.
    public var varying: [String]
    /// Keys that vary but were left out as noise (seeds, paths, timestamps).
    public var excluded: [String]
    /// One group per combination of varying values, best mean first.
    public var groups: [SweepGroup]
    /// Runs left out of the aggregates, with the reason.
    public var incomplete: [IncompleteRun]
    /// The metric and point aggregated.
    public var selection: MetricSelection
}

/// What a run's curves must reach to count as complete.
public enum CompletenessRule: Sendable, Hashable {
    /// Every curve of the selected metric must reach `axis = value` (`--expect epoch=N`).
    case expect(axis: String, value: Double)
    /// A curve logged against `epoch` must cover the config's `epochs` when the run has one; any
    /// other curve must be as long as the longest run of its group.
    case automatic
}

extension SweepSummary {
    /// Builds the summary of `runs`.
    ///
    /// - Parameters:
    ///   - runs: The runs, already filtered.
    ///   - columns: The parameter columns of `runs`, when the caller has them already.
    ///   - selection: The metric and where on its curve.
    ///   - detection: Which varying keys count as noise.
    ///   - completeness: What makes a run complete.
    ///   - includeIncomplete: Aggregate incomplete runs too (they are still listed).
    /// - Complexity: O(*runs × keys*) plus the sorting of each group's values.
    public init(
        runs: [Run], columns: ParameterColumns? = nil, selection: MetricSelection, detection: SweepDetection = SweepDetection(),
        completeness: CompletenessRule = .automatic, includeIncomplete: Bool = false
    ) {
        let columns = columns ?? ParameterColumns(runs)
        let (varying, excluded) = detection.classify(varyingKeys: columns.varyingKeys)
        let varyingColumns = varying.compactMap(columns.column(of:))
        let seedColumn = SweepDetection.seedKey(among: columns.keys).flatMap(columns.column(of:))
        let epochKeys = Self.epochKeys(among: columns.keys)
        /// One group's row, and the runs it leaves out.
        @Sendable func summarise(_ members: [Int]) -> (group: SweepGroup, incomplete: [IncompleteRun]) {
            var incomplete: [IncompleteRun] = []
            let groupRuns = members.count == 1 ? members : members.sorted { (runs[$0].id ?? 0) < (runs[$1].id ?? 0) }
            // A run alone in its group is as long as the longest of its group: no need to look.
            let expectedLength = groupRuns.count == 1 ? 0 : Self.expectedLength(of: groupRuns, in: runs, metric: selection.metric)
            var kept: [Int] = []
            var values: [Double] = []
            for index in groupRuns {
                let run = runs[index]
                let reason = Self.incompleteness(of: run, selection: selection, rule: completeness, expectedLength: expectedLength, epochKeys: epochKeys)
                if let reason {
                    incomplete.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: reason))
                    if !includeIncomplete { continue }
                }
                switch selection.value(in: run) {
                case .success(let value):
                    kept.append(index)
                    values.append(value)
                case .failure(let why):
                    if reason == nil { incomplete.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: why.reason)) }
                }
            }
            let group = SweepGroup(
                keys: varying, combination: varyingColumns.map { columns.value($0, run: members[0]) },
                runIDs: kept.compactMap { runs[$0].id },
                seeds: seedColumn.map { column in Self.sortedSeeds(kept.compactMap { columns.value(column, run: $0) }) } ?? [],
                summary: SampleSummary(values), values: values)
            return (group, incomplete)
        }
        // The groups are independent: a sweep of many (a random search) is summarised in one
        // chunk per core, and the chunks joined in order.
        let memberGroups = columns.groups(by: varyingColumns)
        let chunks = memberGroups.count >= 4_096 ? ProcessInfo.processInfo.activeProcessorCount : 1
        let summarised = Array(0..<chunks).concurrentMap { chunk in
            memberGroups[chunk * memberGroups.count / chunks..<(chunk + 1) * memberGroups.count / chunks].map(summarise)
        }.flatMap { $0 }
        // Sorts positions rather than the groups themselves, which are costly to move.
        let means = summarised.map { $0.group.summary?.mean }
        let order = summarised.indices.sorted { left, right in
            switch (means[left], means[right]) {
            case (let a?, let b?): return selection.goal.prefers(a, over: b) || (a == b && left < right)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        self.init(
            varying: varying, excluded: excluded, groups: order.map { summarised[$0].group }, incomplete: summarised.flatMap(\.incomplete),
            selection: selection)
    }

    /// The length the automatic rule expects of a group's curves: its longest run's.
    public static func expectedLength(of runs: [Run], metric: MetricKey) -> Int {
        expectedLength(of: runs.indices, in: runs, metric: metric)
    }

    /// The length the automatic rule expects of the curves of the runs at `positions`.
    public static func expectedLength(of positions: some Sequence<Int>, in runs: [Run], metric: MetricKey) -> Int {
        positions.map { runs[$0].curve(metric)?.count ?? 0 }.max() ?? 0
    }

    /// Why a run is incomplete under the rule, or `nil` when it is complete.
    ///
    /// - Parameter epochKeys: The keys that may hold the configured number of epochs, from
    ///   ``epochKeys(among:)`` over the keys of all the runs checked; `nil` finds them in the run's.
    public static func incompleteness(
        of run: Run, selection: MetricSelection, rule: CompletenessRule, expectedLength: Int, epochKeys: [String]? = nil
    ) -> String? {
        guard let curve = run.curve(selection.metric) else { return "has no \(selection.metric)" }
        switch rule {
        case .expect(let axis, let target):
            guard let values = curve.axis(named: axis) else { return "\(selection.metric) was not logged against \(axis)" }
            let reached = values.filter { !$0.isNaN }.max() ?? -.infinity
            return reached >= target ? nil : "\(selection.metric) reaches \(axis) \(NumberFormatting.metric(reached)) of \(NumberFormatting.metric(target))"
        case .automatic:
            if let epochs = configuredEpochs(of: run, keys: epochKeys ?? Self.epochKeys(among: run.params.keys)), let epochAxis = curve.axis(named: "epoch") {
                let logged = Set(epochAxis.filter { !$0.isNaN }).count
                return logged >= epochs ? nil : "\(selection.metric) has \(logged) of \(epochs) epochs"
            }
            return curve.count >= expectedLength ? nil : "\(selection.metric) has \(curve.count) of \(expectedLength) points (the longest run of its group)"
        }
    }

    /// The keys that may give a run's configured epochs, in order of precedence: `epochs`, then
    /// the keys ending in `.epochs`, shortest first.
    public static func epochKeys(among keys: some Sequence<String>) -> [String] {
        keys.filter { $0 == "epochs" || $0.hasSuffix(".epochs") }.sorted { ($0.count, $0) < ($1.count, $1) }
    }

    /// The `epochs` of a run's config: its value of the first of `keys` it has.
    private static func configuredEpochs(of run: Run, keys: [String]) -> Int? {
        keys.lazy.compactMap { run.params[$0] }.first.flatMap(\.numericValue).map { Int($0) }
    }

    /// Seeds in natural order (2 before 10); a group usually holds a few, so one or none skips the sort.
    private static func sortedSeeds(_ seeds: [Value]) -> [Value] {
        guard seeds.count > 1 else { return seeds }
        return seeds.sorted { $0.displayText.localizedStandardCompare($1.displayText) == .orderedAscending }
    }
}
