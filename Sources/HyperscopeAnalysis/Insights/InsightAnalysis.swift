import Foundation
import HyperscopeCore

extension InsightReport {
    /// Computes the insights of `runs`, or of those at `rows`.
    ///
    /// - Parameters:
    ///   - runs: The runs, already filtered, or every run with `rows` naming the filtered ones.
    ///   - columns: The parameter columns of `runs`, when the caller has them already.
    ///   - rows: The distinct positions of the runs to analyse among `runs` (and the columns'
    ///     rows); all of them when `nil`.
    ///   - objectives: Each of `runs`' objective (`nil` for a run without it), when the caller
    ///     keeps them; else each run's curve is read.
    ///   - selection: The objective: a metric at a point, with its goal.
    ///   - settings: γ, categories, exploded lists and binning.
    ///   - detection: Which keys are noise; only parameters that vary (and are not noise) are scored.
    /// - Returns: The report, or why there is none (no run has the objective).
    /// - Complexity: O(*runs × parameters*) plus sorting.
    public static func analyse(
        _ runs: [Run], columns: ParameterColumns? = nil, rows: [Int]? = nil, objectives: [Double?]? = nil,
        selection: MetricSelection,
        settings: InsightSettings = InsightSettings(), detection: SweepDetection = SweepDetection()
    ) -> Result<InsightReport, NotComputable> {
        let (scored, skipped) = scoreRuns(runs, rows: rows, objectives: objectives, selection: selection)
        // The columns given are those of all the runs. Runs without the objective, or not among
        // `rows`, are left out of every tally rather than cut out of the columns, which would
        // copy every column.
        let allScored = columns == nil || (rows == nil && scored.count == runs.count)
        let columns = columns ?? ParameterColumns(scored.map { runs[$0.position] })
        return report(
            scored: scored, skipped: skipped, columns: columns, runCount: allScored ? nil : runs.count,
            selection: selection, settings: settings, detection: detection)
    }

    /// Computes the insights of the runs of a table, or of those at `rows`, given each run's
    /// objective or why it has none (``MetricSelection/values(in:)``): what
    /// ``analyse(_:columns:rows:objectives:selection:settings:detection:)`` gives for the table's runs.
    ///
    /// - Parameters:
    ///   - columns: The parameter columns of every run of the table, when the caller has them: the
    ///     runs not among `rows` or without the objective are then left out of every tally rather
    ///     than cut out of the columns.
    ///   - rows: The distinct positions of the runs to analyse; all of them when `nil`.
    ///   - objectives: Each run of the table's objective, or why it has none.
    /// - Complexity: O(*runs × parameters*) plus sorting.
    public static func analyse(
        _ table: RunTable, columns: ParameterColumns? = nil, rows: [Int]? = nil,
        objectives: [Result<Double, NotComputable>], selection: MetricSelection,
        settings: InsightSettings = InsightSettings(), detection: SweepDetection = SweepDetection()
    ) -> Result<InsightReport, NotComputable> {
        var scored: [(position: Int, objective: Double)] = []
        var scoredRows: [Int] = []
        var skipped: [IncompleteRun] = []
        for row in rows ?? Array(0..<table.count) {
            switch objectives[row] {
            case .success(let value):
                scored.append((columns == nil ? scored.count : row, value))
                scoredRows.append(row)
            case .failure(let why):
                skipped.append(IncompleteRun(runID: table.ids[row], name: table.names[row], reason: why.reason))
            }
        }
        if let columns {
            let allScored = scored.count == table.count
            return report(
                scored: scored, skipped: skipped, columns: columns, runCount: allScored ? nil : table.count,
                selection: selection, settings: settings, detection: detection)
        }
        // As from runs: the columns of the runs with the objective.
        let scoredColumns =
            scoredRows.count == table.count ? ParameterColumns(table) : ParameterColumns(table.rows(scoredRows))
        return report(
            scored: scored, skipped: skipped, columns: scoredColumns, runCount: nil, selection: selection,
            settings: settings, detection: detection)
    }

    /// The report of the scored runs: by their order in `scored` when `runCount` is `nil` (the
    /// columns are theirs), else by their positions among the `runCount` runs of the columns.
    static func report(
        scored: [(position: Int, objective: Double)], skipped: [IncompleteRun], columns: ParameterColumns,
        runCount: Int?, selection: MetricSelection, settings: InsightSettings, detection: SweepDetection
    ) -> Result<InsightReport, NotComputable> {
        guard !scored.isEmpty else {
            return .failure(NotComputable("no run has \(selection.metric) at \(selection.point)"))
        }
        let threshold = goodThreshold(scored.map(\.objective), gamma: settings.gamma, goal: selection.goal)
        let isGood = { @Sendable (objective: Double) in
            selection.goal == .maximize ? objective >= threshold : objective <= threshold
        }
        let classification = detection.classify(columns)
        let scorer = ParameterInsightScorer(
            columns: columns, tallied: RunTallyInput(scored, runCount: runCount, isGood: isGood),
            settings: settings, selection: selection, exploded: Set(settings.explode),
            aliases: classification.aliasesByKey)
        let keys = Set(classification.varying).union(scorer.exploded.filter { columns.column(of: $0) != nil })
        // The parameters are independent: each is scored on whichever core is free.
        var parameters = keys.sorted().concurrentMap(scorer.insight).compactMap { $0 }
        let categoryOrder = settings.categories.map(\.name) + ["other"]
        let rank = { (insight: ParameterInsight) in
            categoryOrder.firstIndex(of: insight.category) ?? categoryOrder.count
        }
        parameters.sort { (rank($0), $0.key) < (rank($1), $1.key) }
        return .success(
            InsightReport(
                goodThreshold: threshold, totalRuns: scored.count,
                goodRuns: scored.filter { isGood($0.objective) }.count,
                parameters: parameters, selection: selection, skipped: skipped))
    }

    /// Each analysed run's objective, or why it has none.
    private static func scoreRuns(
        _ runs: [Run], rows: [Int]?, objectives: [Double?]?, selection: MetricSelection
    ) -> (scored: [(position: Int, objective: Double)], skipped: [IncompleteRun]) {
        let analysed = rows ?? Array(runs.indices)
        let read: [Result<Double, NotComputable>]
        if let objectives {
            // Only a run without the objective has its curve read, for the reason.
            read = analysed.map { objectives[$0].map { .success($0) } ?? selection.value(in: runs[$0]) }
        } else {
            read = selection.values(in: runs, at: rows)
        }
        var scored: [(position: Int, objective: Double)] = []
        var skipped: [IncompleteRun] = []
        for (position, objective) in zip(analysed, read) {
            switch objective {
            case .success(let value): scored.append((position, value))
            case .failure(let why):
                skipped.append(
                    IncompleteRun(runID: runs[position].id ?? 0, name: runs[position].name, reason: why.reason))
            }
        }
        return (scored, skipped)
    }

    /// The objective that separates the top γ of `objectives` (at least one) from the rest: the
    /// ⌊γ·n⌋-th best, found by selection rather than by sorting them all.
    static func goodThreshold(_ objectives: [Double], gamma: Double, goal: MetricGoal) -> Double {
        let wanted = min(max(1, Int((gamma * Double(objectives.count)).rounded(.down))), objectives.count)
        var values = objectives
        return values.selectElement(atRank: wanted - 1) { goal.prefers($0, over: $1) }
    }

    /// ((n_good + 1)/(n + 2)) / ((n_bad + 1)/(n + 2)), with α = β = 1.
    public static func laplaceSmoothedScore(good: Int, count: Int) -> Double {
        let total = Double(count + 2)
        return (Double(good + 1) / total) / (Double(count - good + 1) / total)
    }

    /// How a list item is shown: `{"name": "customer_id", "dim": 64}` as `customer_id 64D`, other
    /// objects as `key=value` pairs, scalars as themselves.
    public static func itemLabel(_ item: Value) -> String {
        guard case .object(let fields) = item else { return item.displayText }
        if let name = item["name"]?.displayText, let dimension = item["dim"] ?? item["dims"] ?? item["size"] {
            return "\(name) \(dimension.displayText)D"
        }
        return fields.map { "\($0.key)=\($0.value.displayText)" }.joined(separator: ", ")
    }
}

/// How many runs have a value, how many of them are good, and the sum and best of their objectives.
private struct ObjectiveTally: Sendable {
    var count = 0
    var good = 0
    var sum = 0.0
    var best = Double.nan

    mutating func add(_ objective: Double, good isGood: Bool, goal: MetricGoal) {
        count += 1
        good += isGood ? 1 : 0
        sum += objective
        if best.isNaN || goal.prefers(objective, over: best) { best = objective }
    }

    mutating func merge(_ other: ObjectiveTally, goal: MetricGoal) {
        count += other.count
        good += other.good
        sum += other.sum
        if best.isNaN || (!other.best.isNaN && goal.prefers(other.best, over: best)) { best = other.best }
    }
}

/// The runs' objectives as the tallies read them, by the columns' run positions.
private struct RunTallyInput: Sendable {
    /// Each run's objective.
    var objectives: [Double]
    /// Whether each run is in the good set.
    var good: [Bool]
    /// Whether each run has an objective.
    var scored: [Bool]

    /// The input of the scored runs: by their order in `scored` when `runCount` is `nil`, else by
    /// their positions among `runCount` runs.
    init(_ scored: [(position: Int, objective: Double)], runCount: Int?, isGood: (Double) -> Bool) {
        guard let runCount else {
            objectives = scored.map(\.objective)
            good = scored.map { isGood($0.objective) }
            self.scored = [Bool](repeating: true, count: scored.count)
            return
        }
        objectives = [Double](repeating: 0, count: runCount)
        good = [Bool](repeating: false, count: runCount)
        var isScored = [Bool](repeating: false, count: runCount)
        for (position, objective) in scored {
            objectives[position] = objective
            good[position] = isGood(objective)
            isScored[position] = true
        }
        self.scored = isScored
    }

    /// How many scored runs have each value code of a column (given as its runs' codes), and how
    /// many lack the parameter.
    func counts(of codes: [Int32], valueCount: Int) -> (counts: [Int32], missing: Int) {
        var counts = [Int32](repeating: 0, count: valueCount)
        var missing = 0
        counts.withUnsafeMutableBufferPointer { counts in
            codes.withUnsafeBufferPointer { codes in
                scored.withUnsafeBufferPointer { scored in
                    for run in codes.indices where scored[run] {
                        let code = Int(codes[run])
                        if code >= 0 { counts[code] += 1 } else { missing += 1 }
                    }
                }
            }
        }
        return (counts, missing)
    }

    /// The tally of the scored runs that lack the parameter (whose code is negative).
    func missingTally(of codes: [Int32], goal: MetricGoal) -> ObjectiveTally {
        var tally = ObjectiveTally()
        for run in codes.indices where scored[run] && codes[run] < 0 {
            tally.add(objectives[run], good: good[run], goal: goal)
        }
        return tally
    }

    /// The tally of the scored runs of each group of value codes of a column (given as its runs'
    /// codes): `groups[code]` is a code's group, -1 for none; without `groups` each code is a group.
    ///
    /// It reads every run of every parameter, so it works through buffers.
    func tallies(of codes: [Int32], groups: [Int32]?, groupCount: Int, goal: MetricGoal) -> [ObjectiveTally] {
        var tallies = [ObjectiveTally](repeating: ObjectiveTally(), count: groupCount)
        let identity = groups == nil
        let groups = groups ?? []
        tallies.withUnsafeMutableBufferPointer { tallies in
            codes.withUnsafeBufferPointer { codes in
                groups.withUnsafeBufferPointer { groups in
                    objectives.withUnsafeBufferPointer { objectives in
                        good.withUnsafeBufferPointer { good in
                            scored.withUnsafeBufferPointer { scored in
                                for run in codes.indices where scored[run] && codes[run] >= 0 {
                                    let group = identity ? Int(codes[run]) : Int(groups[Int(codes[run])])
                                    if group >= 0 { tallies[group].add(objectives[run], good: good[run], goal: goal) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return tallies
    }
}

/// A value's score and count, the first two keys its insight is ranked by.
private struct ScoreAndCount: Hashable {
    var score: Double
    var count: Int
}

/// Scores one parameter's values against the good set: the body of ``InsightReport/analyse``, run
/// for each parameter on whichever core is free.
private struct ParameterInsightScorer: Sendable {
    let columns: ParameterColumns
    let tallied: RunTallyInput
    let settings: InsightSettings
    let selection: MetricSelection
    /// The list parameters scored item by item.
    let exploded: Set<String>
    /// The other names of each parameter that is one setting under several keys.
    let aliases: [String: [String]]

    /// One parameter's insight, or `nil` when it has no value to score.
    func insight(_ key: String) -> ParameterInsight? {
        guard let column = columns.column(of: key) else { return nil }
        let explodes = exploded.contains(key)
        // The objectives are tallied per distinct value, then per item (a list's items, a bin, or
        // the value itself), and labelled once per item: labelling every run's value would format
        // 100,000 × 30 numbers.
        let valueCount = columns.values[column].count
        let codes = columns.codes[column]
        let (runsOfCode, missing) = tallied.counts(of: codes, valueCount: valueCount)
        let present = runsOfCode.lazy.filter { $0 > 0 }.count
        // Among the scored runs the parameter must still vary (it varies among all the runs).
        guard explodes || present > 1 || (present == 1 && missing > 0) else { return nil }
        let bins =
            explodes
            ? nil
            : settings.bins.flatMap {
                Binner(column: column, of: columns, runsOfCode: runsOfCode, bins: $0, mode: settings.binning)
            }
        let items = itemTallies(column: column, codes: codes, bins: bins, explodes: explodes)
        var values = labelled(items, bins: bins, explodes: explodes)
        guard !values.isEmpty else { return nil }
        if missing > 0 {
            values.append(
                valueInsight(ValueInsight.notSetLabel, nil, tallied.missingTally(of: codes, goal: selection.goal)))
        }
        values.reorder(by: Self.ranked(values))
        return ParameterInsight(
            key: key, category: settings.category(of: key), exploded: explodes, values: values,
            aliases: aliases[key] ?? [], labelsAreValues: !explodes && bins == nil)
    }

    /// The positions of `values` by descending score, then count, then ascending value when every
    /// value is a number (a bin by its lower edge; "not set" after the numbers), else ascending
    /// label, values that compare equal in the order given (what a stable sort gives).
    ///
    /// Nearly all of 77,000 one-run floats share a score and a count, so a sort comparing labels as
    /// strings spent most of its time there. The values are put in order by a key (a number's bits
    /// made order-preserving, or a label's first eight bytes, labels of ASCII text ordering as
    /// their bytes do) with a radix sort, then by the rank of their score and count (a counting
    /// sort, which keeps that order); only labels whose first eight bytes are the same are
    /// compared in full.
    private static func ranked(_ values: [ValueInsight]) -> [Int] {
        var keys = [UInt64](repeating: 0, count: values.count)
        let numeric = values.allSatisfy { value in value.rawValue.map { $0.numericValue?.isFinite == true } ?? true }
        var allASCII = true
        for (position, value) in values.enumerated() {
            if numeric {
                keys[position] = value.rawValue?.numericValue?.orderPreservingBits ?? .max
                continue
            }
            var label = value.label
            label.withUTF8 { bytes in
                var prefix: UInt64 = 0
                for index in 0..<8 { prefix = prefix << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
                keys[position] = prefix
                if allASCII { allASCII = bytes.allSatisfy { $0 < 0x80 } }
            }
        }
        guard allASCII else {
            return values.indices.sorted { a, b in
                (values[a].score, values[a].count, values[b].label) > (
                    values[b].score, values[b].count, values[a].label
                )
            }
        }
        // Each value's rank among the distinct (score, count) pairs, best first.
        var pairs: [ScoreAndCount: Int] = [:]
        let pairOfValue = values.map { value in
            let pair = ScoreAndCount(score: value.score, count: value.count)
            if let known = pairs[pair] { return known }
            pairs[pair] = pairs.count
            return pairs.count - 1
        }
        let pairsInOrder = pairs.sorted { ($0.key.score, $0.key.count) > ($1.key.score, $1.key.count) }
        var rankOfPair = [Int](repeating: 0, count: pairs.count)
        for (rank, pair) in pairsInOrder.enumerated() { rankOfPair[pair.value] = rank }
        var starts = [Int](repeating: 0, count: pairs.count + 1)
        for pair in pairOfValue { starts[rankOfPair[pair] + 1] += 1 }
        for rank in starts.indices.dropFirst() { starts[rank] += starts[rank - 1] }
        var order = [Int](repeating: 0, count: values.count)
        for position in keys.ascendingPositions {
            let rank = rankOfPair[pairOfValue[position]]
            order[starts[rank]] = position
            starts[rank] += 1
        }
        guard !numeric else { return order }
        // Runs of the same rank and first eight bytes, in full (a stable sort of a few each).
        var start = 0
        while start < order.count {
            let (rank, prefix) = (rankOfPair[pairOfValue[order[start]]], keys[order[start]])
            var end = start + 1
            while end < order.count, keys[order[end]] == prefix, rankOfPair[pairOfValue[order[end]]] == rank {
                end += 1
            }
            if end - start > 1 {
                order.replaceSubrange(
                    start..<end, with: order[start..<end].sorted { values[$0].label < values[$1].label })
            }
            start = end
        }
        return order
    }

    /// The tally of each item, in first-seen order: a bin's lower edge, a list's item, or a value.
    private func itemTallies(
        column: Int, codes: [Int32], bins: Binner?, explodes: Bool
    ) -> [(item: Value, tally: ObjectiveTally)] {
        var itemOrder: [Value] = []
        var tallyOfItem: [Value: ObjectiveTally] = [:]
        func add(_ tally: ObjectiveTally, to item: Value) {
            if tallyOfItem[item] == nil { itemOrder.append(item) }
            tallyOfItem[item, default: ObjectiveTally()].merge(tally, goal: selection.goal)
        }
        if let bins {
            // Every value the scored runs have is a finite number: they are tallied by bin number,
            // so the distinct values (nearly one per run) are never tallied one by one.
            let binOfCode = bins.binsOfCodes()
            let tallyOfBin = tallied.tallies(of: codes, groups: binOfCode, groupCount: bins.count, goal: selection.goal)
            for (bin, tally) in tallyOfBin.enumerated() where tally.count > 0 {
                add(tally, to: bins.lowerEdge(ofBin: bin))
            }
        } else {
            let valueCount = columns.values[column].count
            let tallyOfValue = tallied.tallies(of: codes, groups: nil, groupCount: valueCount, goal: selection.goal)
            if !explodes {
                // A column's values are distinct: each is an item of its own, in the column's order.
                return zip(columns.values[column], tallyOfValue).filter { $0.1.count > 0 }.map { ($0.0, $0.1) }
            }
            for (value, tally) in zip(columns.values[column], tallyOfValue) where tally.count > 0 {
                if explodes, case .list(let list) = value {
                    for item in Set(list) { add(tally, to: item) }
                } else {
                    add(tally, to: value)
                }
            }
        }
        return itemOrder.map { ($0, tallyOfItem[$0]!) }
    }

    /// The items' tallies merged by label (items can share one), as value insights in first-seen order.
    private func labelled(
        _ items: [(item: Value, tally: ObjectiveTally)], bins: Binner?, explodes: Bool
    ) -> [ValueInsight] {
        // Numbers and booleans of their own text never share a label (each float's shortest text is
        // its own): nothing to merge, and no table of 77,000 labels a parameter to fill.
        if !explodes, bins == nil, items.allSatisfy({ Self.hasLabelOfItsOwn($0.item) }) {
            return items.map { valueInsight(nil, $0.item, $0.tally) }
        }
        // One look-up a label in a table sized for every item up front: with exact values there are
        // as many labels as items (776,000 at 100,000 runs), and the table's growth was a tenth of it.
        var labels: [String] = []
        var groups: [(raw: Value, tally: ObjectiveTally)] = []
        var groupOfLabel: [String: Int] = [:]
        labels.reserveCapacity(items.count)
        groups.reserveCapacity(items.count)
        groupOfLabel.reserveCapacity(items.count)
        for (item, tally) in items {
            let label = explodes ? InsightReport.itemLabel(item) : (bins?.label(ofLowerEdge: item) ?? item.displayText)
            let group = groupOfLabel[label, default: groups.count]
            if group == groups.count {
                groupOfLabel[label] = group
                labels.append(label)
                groups.append((item, ObjectiveTally()))
            }
            groups[group].tally.merge(tally, goal: selection.goal)
        }
        return labels.indices.map { valueInsight(labels[$0], groups[$0].raw, groups[$0].tally) }
    }

    /// Whether no other value of a column can have the same label as `value`: an integer, a
    /// boolean or a finite float (a NaN is a value of its own, yet all read `NaN`; text can read as
    /// a number).
    private static func hasLabelOfItsOwn(_ value: Value) -> Bool {
        switch value {
        case .int, .bool: true
        case .float(let number): number.isFinite
        default: false
        }
    }

    /// The insight of a value from its tally; a `label` of `nil` is the value's own text.
    private func valueInsight(_ label: String?, _ raw: Value?, _ tally: ObjectiveTally) -> ValueInsight {
        ValueInsight(
            label: label, rawValue: raw, count: tally.count, goodCount: tally.good,
            score: InsightReport.laplaceSmoothedScore(good: tally.good, count: tally.count),
            meanObjective: tally.sum / Double(tally.count), bestObjective: tally.best,
            confidence: InsightConfidence(count: tally.count))
    }
}
