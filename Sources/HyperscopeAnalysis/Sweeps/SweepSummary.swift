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
    /// What varies across the runs: the factors the sweep varies (one per setting, whatever its
    /// names), the noise keys and the identifiers left out.
    public var classification: ParameterClassification
    /// The parameters the sweep varies, in sorted order (one key per factor).
    public var varying: [String] { classification.varying }
    /// Keys that vary but were left out as noise (seeds, paths, timestamps).
    public var excluded: [String] { classification.excluded }
    /// One group per combination of varying values, best mean first (each made when read).
    public var groups: SweepGroups
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
    /// other curve must be as long as the longest run of its group. A row of a table (a CSV or JSON
    /// export) holds final values, and is complete.
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
    ///   - includeIncomplete: Aggregate runs with short curves too (they are still listed).
    ///   - statuses: The statuses of runs judged on their values (completed by default); runs of
    ///     other statuses are listed with their status and never aggregated.
    /// - Complexity: O(*runs × keys*) plus the sorting of each group's values.
    public init(
        runs: [Run], columns: ParameterColumns? = nil, selection: MetricSelection,
        detection: SweepDetection = SweepDetection(),
        completeness: CompletenessRule = .automatic, includeIncomplete: Bool = false,
        statuses: RunStatusSelection = .completedOnly
    ) {
        let epochKeys = Self.epochKeys(in: runs)
        // The caller's columns are the runs' own: the table takes them rather than building them again.
        let table =
            columns.map { columns in
                RunTable(
                    runs, parameterKeys: columns.keys,
                    parameters: zip(columns.codes, columns.values).map(RunTable.ParameterColumn.init))
            } ?? RunTable(runs)
        self.init(
            table: table, columns: columns, values: selection.values(in: runs), selection: selection,
            detection: detection,
            completeness: RowCompleteness(
                expectedLength: { Self.expectedLength(of: $0, in: runs, metric: selection.metric) },
                shortfall: { row, expected in
                    Self.shortfall(
                        of: runs[row], selection: selection, rule: completeness, expectedLength: expected,
                        epochKeys: epochKeys)
                }),
            includeIncomplete: includeIncomplete, statuses: statuses)
    }

    /// Builds the summary of the runs of a table, given each run's value of the selection
    /// (``MetricSelection/values(in:)``), under ``CompletenessRule/automatic``: what
    /// ``init(runs:columns:selection:detection:completeness:includeIncomplete:statuses:)`` gives
    /// for the table's runs.
    ///
    /// - Complexity: O(*runs × (keys + metrics)*) plus the sorting of each group's values.
    public init(
        table: RunTable, values: [Result<Double, NotComputable>], selection: MetricSelection,
        detection: SweepDetection = SweepDetection(), includeIncomplete: Bool = false,
        statuses: RunStatusSelection = .completedOnly
    ) {
        let completeness = TableCompleteness(table: table, metric: selection.metric)
        self.init(
            table: table, columns: nil, values: values, selection: selection, detection: detection,
            completeness: RowCompleteness(
                expectedLength: { completeness.expectedLength(of: $0) }, shortfall: completeness.shortfall),
            includeIncomplete: includeIncomplete, statuses: statuses)
    }

    /// How the completeness rule reads the runs: the length expected of a group's curves, and how
    /// a run falls short given that length.
    private struct RowCompleteness: Sendable {
        let expectedLength: @Sendable ([Int]) -> Int
        let shortfall: @Sendable (_ row: Int, _ expectedLength: Int) -> Shortfall?
    }

    private init(
        table: RunTable, columns: ParameterColumns?, values: [Result<Double, NotComputable>],
        selection: MetricSelection, detection: SweepDetection, completeness: RowCompleteness,
        includeIncomplete: Bool, statuses: RunStatusSelection
    ) {
        let columns = columns ?? ParameterColumns(table)
        let classification = detection.classify(columns)
        let varyingColumns = classification.varying.compactMap(columns.column(of:))
        let seedColumn = SweepDetection.seedKey(among: columns.keys).flatMap(columns.column(of:))
        let grouped = columns.groupedRows(by: varyingColumns)
        /// The groups numbered in `numbers`, as columns.
        @Sendable func summarise(_ numbers: Range<Int>) -> SweepChunk {
            var chunk = SweepChunk()
            for number in numbers {
                let members = grouped.members(of: number)
                let groupRows =
                    members.count == 1
                    ? [Int(members[members.startIndex])]
                    : members.map { Int($0) }.sorted { table.ids[$0] < table.ids[$1] }
                // A run alone in its group is as long as the longest of its group: no need to look.
                let expectedLength = groupRows.count == 1 ? 0 : completeness.expectedLength(groupRows)
                let start = chunk.values.count
                for row in groupRows {
                    let incomplete = { (reason: String) in
                        IncompleteRun(runID: table.ids[row], name: table.names[row], reason: reason)
                    }
                    guard statuses.statuses.contains(table.statuses[row]) else {
                        let because = table.statusReasons.value(run: row)?.stringValue.map { ": " + $0 } ?? ""
                        chunk.incomplete.append(incomplete(table.statuses[row].rawValue + because))
                        continue
                    }
                    let reason = completeness.shortfall(row, expectedLength)?.reason(selection.metric)
                    if let reason {
                        chunk.incomplete.append(incomplete(reason))
                        if !includeIncomplete { continue }
                    }
                    switch values[row] {
                    case .success(let value):
                        chunk.aggregated.append(Int32(row))
                        chunk.values.append(value)
                    case .failure(let why):
                        if reason == nil { chunk.incomplete.append(incomplete(why.reason)) }
                    }
                }
                chunk.representatives.append(members[members.startIndex])
                chunk.counts.append(Int32(chunk.values.count - start))
                chunk.means.append(start == chunk.values.count ? nil : SampleSummary.mean(chunk.values[start...]))
            }
            return chunk
        }
        // The groups are independent: a sweep of many (a random search) is summarised in one
        // chunk per core, and the chunks joined in order.
        let chunks = concurrentPieces(of: grouped.count, summarise)
        var starts: [Int32] = [0]
        starts.reserveCapacity(grouped.count + 1)
        for count in chunks.lazy.flatMap(\.counts) { starts.append(starts[starts.count - 1] + count) }
        let means = chunks.flatMap(\.means)
        // Groups with a mean, best first (ties in group order), then those without, in group order.
        var ranked = means.indices.compactMap { number in means[number].map { (mean: $0, number: Int32(number)) } }
        ranked.sort { selection.goal.prefers($0.mean, over: $1.mean) || ($0.mean == $1.mean && $0.number < $1.number) }
        let order = ranked.map(\.number) + means.indices.filter { means[$0] == nil }.map { Int32($0) }
        let sweepTable = SweepTable(
            keys: classification.varying, runIDs: table.ids, columns: columns, varyingColumns: varyingColumns,
            seedColumn: seedColumn,
            representatives: chunks.flatMap(\.representatives), starts: starts,
            aggregated: chunks.flatMap(\.aggregated), values: chunks.flatMap(\.values))
        self.init(
            classification: classification, groups: SweepGroups(table: sweepTable, order: order[...]),
            incomplete: chunks.flatMap(\.incomplete),
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
        shortfall(of: run, selection: selection, rule: rule, expectedLength: expectedLength, epochKeys: epochKeys)?
            .reason(selection.metric)
    }

    /// Whether a run is complete under the rule (its ``incompleteness(of:selection:rule:expectedLength:epochKeys:)``
    /// is `nil`), found without putting the reason in words.
    public static func isComplete(
        _ run: Run, selection: MetricSelection, rule: CompletenessRule, expectedLength: Int, epochKeys: [String]? = nil
    ) -> Bool {
        shortfall(of: run, selection: selection, rule: rule, expectedLength: expectedLength, epochKeys: epochKeys)
            == nil
    }

    /// How a run falls short of complete, before it is put in words.
    enum Shortfall: Equatable {
        case noMetric
        case notLogged(axis: String)
        case reached(axis: String, Double, of: Double)
        case epochs(Int, of: Int)
        case points(Int, of: Int)

        func reason(_ metric: MetricKey) -> String {
            switch self {
            case .noMetric: "has no \(metric)"
            case .notLogged(let axis): "\(metric) was not logged against \(axis)"
            case .reached(let axis, let reached, let target):
                "\(metric) reaches \(axis) \(NumberFormatting.metric(reached)) of \(NumberFormatting.metric(target))"
            case .epochs(let logged, let epochs): "\(metric) has \(logged) of \(epochs) epochs"
            case .points(let count, let expected):
                "\(metric) has \(count) of \(expected) points (the longest run of its group)"
            }
        }
    }

    private static func shortfall(
        of run: Run, selection: MetricSelection, rule: CompletenessRule, expectedLength: Int, epochKeys: [String]?
    ) -> Shortfall? {
        guard let curve = run.curve(selection.metric) else { return .noMetric }
        switch rule {
        case .expect(let axis, let target):
            guard let values = curve.axis(named: axis) else { return .notLogged(axis: axis) }
            let reached = values.filter { !$0.isNaN }.max() ?? -.infinity
            return reached >= target ? nil : .reached(axis: axis, reached, of: target)
        case .automatic:
            let epochs = { (curve: MetricCurve) in
                curve.axis(named: "epoch").map { axis in
                    let logged = axis.filter { !$0.isNaN }
                    return EpochsLogged(count: Set(logged).count, last: logged.max())
                }
            }
            return automaticShortfall(
                count: curve.count, epochs: epochs(curve), otherCurves: run.curves.lazy.compactMap(epochs),
                configuredEpochs: configuredEpochs(
                    of: { run.params[$0] }, keys: epochKeys ?? Self.epochKeys(among: run.params.keys)),
                logsCurves: run.format.logsCurves, expectedLength: expectedLength)
        }
    }

    /// The epochs a curve was logged at: how many distinct ones, and the last (`nil` when none).
    struct EpochsLogged {
        var count: Int
        var last: Double?
    }

    /// How a run's curve falls short under ``CompletenessRule/automatic``, from what is known of it:
    /// its length and epochs, the epochs of its run's curves, the run's configured epochs and whether
    /// its format logs curves.
    static func automaticShortfall(
        count: Int, epochs: EpochsLogged?, otherCurves: some Sequence<EpochsLogged>, configuredEpochs: Int?,
        logsCurves: Bool, expectedLength: Int
    ) -> Shortfall? {
        if let configuredEpochs, let epochs {
            if epochs.count >= configuredEpochs { return nil }
            // A metric logged at some epochs only (a test after training, a val every fifth epoch) is
            // complete when it reaches the last epoch of a curve of its run that has every epoch.
            let last = epochs.last ?? -.infinity
            let endsWithAFullCurve = otherCurves.contains { other in
                other.count >= configuredEpochs && (other.last ?? .infinity) <= last
            }
            return endsWithAFullCurve ? nil : .epochs(epochs.count, of: configuredEpochs)
        }
        // A table row's one value is its run's final result, whatever its group logged.
        return count >= expectedLength || !logsCurves ? nil : .points(count, of: expectedLength)
    }

    /// The keys that may give a run's configured epochs, in order of precedence: `epochs`, then
    /// the keys ending in `.epochs`, shortest first.
    public static func epochKeys(among keys: some Sequence<String>) -> [String] {
        keys.filter(isEpochKey).sorted { ($0.count, $0) < ($1.count, $1) }
    }

    /// ``epochKeys(among:)`` over the keys of all the runs, found without collecting every key.
    ///
    /// - Complexity: O(*runs × keys*).
    public static func epochKeys(in runs: [Run]) -> [String] {
        var found: Set<String> = []
        for run in runs {
            for key in run.params.keys where isEpochKey(key) { found.insert(key) }
        }
        return epochKeys(among: found)
    }

    private static func isEpochKey(_ key: String) -> Bool {
        key == "epochs" || key.hasSuffix(".epochs")
    }

    /// The `epochs` of a run's config: its value of the first of `keys` it has (`parameter` gives
    /// the run's value of a key).
    static func configuredEpochs(of parameter: (String) -> Value?, keys: [String]) -> Int? {
        keys.lazy.compactMap(parameter).first.flatMap(\.numericValue).map { Int($0) }
    }
}

/// Some groups of a sweep being summarised, as columns (see ``SweepTable``).
private struct SweepChunk {
    var representatives: [Int32] = []
    /// Each group's number of runs aggregated, and their mean (`nil` when none has the metric).
    var counts: [Int32] = []
    var means: [Double?] = []
    var aggregated: [Int32] = []
    var values: [Double] = []
    var incomplete: [IncompleteRun] = []
}

extension SweepSummary {
    /// Why the summary has no value at all when it is read at a point of an axis that no run
    /// reaches (`--at epoch=50` over runs that stop at 20): the furthest point any run reaches, so
    /// an empty table is an error, not a wall of blank rows. `nil` when some group has a value or the
    /// point is `last` or `best`.
    ///
    /// - Parameter runs: The runs the summary was built from.
    /// - Complexity: O(*runs*) when no group has a value; O(*groups*) otherwise.
    public func unreachedPoint(in runs: [Run]) -> NotComputable? {
        guard case .axis(let name, let target) = selection.point, !runs.isEmpty,
            !groups.contains(where: { $0.summary != nil })
        else { return nil }
        let furthest = runs.compactMap { run in
            run.curve(selection.metric)?.axis(named: name)?.filter { !$0.isNaN }.max()
        }.max()
        let point = "\(name)=\(NumberFormatting.metric(target))"
        guard let furthest else {
            return NotComputable("no run logged \(selection.metric) against \(name), so none has a value at \(point)")
        }
        return NotComputable(
            "no run reaches \(point) of \(selection.metric): the furthest any run reaches is \(name)=\(NumberFormatting.metric(furthest))"
        )
    }
}
