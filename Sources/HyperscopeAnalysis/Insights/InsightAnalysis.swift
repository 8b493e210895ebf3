import Foundation
import HyperscopeCore

extension InsightReport {
    /// Computes the insights of `runs`.
    ///
    /// - Parameters:
    ///   - runs: The runs, already filtered.
    ///   - columns: The parameter columns of `runs`, when the caller has them already.
    ///   - selection: The objective: a metric at a point, with its goal.
    ///   - settings: γ, categories, exploded lists and binning.
    ///   - detection: Which keys are noise; only parameters that vary (and are not noise) are scored.
    /// - Returns: The report, or why there is none (no run has the objective).
    /// - Complexity: O(*runs × parameters*) plus sorting.
    public static func analyse(
        _ runs: [Run], columns: ParameterColumns? = nil, selection: MetricSelection, settings: InsightSettings = InsightSettings(),
        detection: SweepDetection = SweepDetection()
    ) -> Result<InsightReport, NotComputable> {
        var scored: [(position: Int, objective: Double)] = []
        var skipped: [IncompleteRun] = []
        // Reading every run's curve is a large share of the work done one run after another at
        // 100,000 runs: it is done in chunks, on every core.
        let chunk = 4_096
        let objectives = Array(stride(from: 0, to: runs.count, by: chunk)).concurrentMap { start in
            runs[start..<min(start + chunk, runs.count)].map { selection.value(in: $0) }
        }.joined()
        for (position, (run, objective)) in zip(runs, objectives).enumerated() {
            switch objective {
            case .success(let value): scored.append((position, value))
            case .failure(let why): skipped.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: why.reason))
            }
        }
        guard !scored.isEmpty else { return .failure(NotComputable("no run has \(selection.metric) at \(selection.point)")) }
        let threshold = goodThreshold(scored.map(\.objective), gamma: settings.gamma, goal: selection.goal)
        let isGood = { @Sendable (objective: Double) in selection.goal == .maximize ? objective >= threshold : objective <= threshold }
        let goodRuns = scored.filter { isGood($0.objective) }.count

        let exploded = Set(settings.explode)
        // The columns given are those of all the runs. When some have no objective they are left
        // out of every tally rather than cut out of the columns, which would copy every column.
        let allScored = columns == nil || scored.count == runs.count
        let columns = columns ?? ParameterColumns(scored.map { runs[$0.position] })
        let tallied = RunTallyInput(scored, runCount: allScored ? nil : runs.count, isGood: isGood)
        let keys = Set(detection.classify(varyingKeys: columns.varyingKeys).varying).union(exploded.filter { columns.column(of: $0) != nil })
        /// One parameter's insight, or `nil` when it has no value to score.
        @Sendable func insight(_ key: String) -> ParameterInsight? {
            guard let column = columns.column(of: key) else { return nil }
            let explodes = exploded.contains(key)
            // The objectives are tallied per distinct value, then per item (a list's items, a bin,
            // or the value itself), and labelled once per item: labelling every run's value would
            // format 100,000 × 30 numbers.
            let (tallyOfValue, missing) = tallied.tallies(of: columns.codes[column], valueCount: columns.values[column].count, goal: selection.goal)
            let present = tallyOfValue.filter { $0.count > 0 }.count
            // Among the scored runs the parameter must still vary (it varies among all the runs).
            guard explodes || present > 1 || (present == 1 && missing > 0) else { return nil }
            let bins = explodes ? nil : settings.bins.flatMap {
                Binner(column: column, of: columns, runsOfCode: tallyOfValue.map(\.count), bins: $0, mode: settings.binning)
            }
            var itemOrder: [Value] = []
            var tallyOfItem: [Value: ObjectiveTally] = [:]
            func add(_ tally: ObjectiveTally, to item: Value) {
                if tallyOfItem[item] == nil { itemOrder.append(item) }
                tallyOfItem[item, default: ObjectiveTally()].merge(tally, goal: selection.goal)
            }
            if let bins {
                // Every value of a binned column is a finite number: tallied by bin number, not hashed.
                var tallyOfBin = [ObjectiveTally](repeating: ObjectiveTally(), count: bins.count)
                for (value, tally) in zip(columns.values[column], tallyOfValue) where tally.count > 0 {
                    if let bin = bins.bin(of: value) { tallyOfBin[bin].merge(tally, goal: selection.goal) } else { add(tally, to: value) }
                }
                for (bin, tally) in tallyOfBin.enumerated() where tally.count > 0 { add(tally, to: bins.lowerEdge(ofBin: bin)) }
            } else {
                for (value, tally) in zip(columns.values[column], tallyOfValue) where tally.count > 0 {
                    if explodes, case .list(let list) = value {
                        for item in Set(list) { add(tally, to: item) }
                    } else {
                        add(tally, to: value)
                    }
                }
            }
            var labelOrder: [String] = []
            var groups: [String: (raw: Value, tally: ObjectiveTally)] = [:]
            for item in itemOrder {
                let label = explodes ? Self.itemLabel(item) : (bins?.label(ofLowerEdge: item) ?? item.displayText)
                if groups[label] == nil { labelOrder.append(label) }
                groups[label, default: (item, ObjectiveTally())].tally.merge(tallyOfItem[item]!, goal: selection.goal)
            }
            let values = labelOrder.map { label -> ValueInsight in
                let (raw, tally) = groups[label]!
                return ValueInsight(
                    label: label, rawValue: raw, count: tally.count, goodCount: tally.good, score: Self.laplaceSmoothedScore(good: tally.good, count: tally.count),
                    meanObjective: tally.sum / Double(tally.count), bestObjective: tally.best, confidence: InsightConfidence(count: tally.count))
            }.sorted { ($0.score, $0.count, $1.label) > ($1.score, $1.count, $0.label) }
            guard !values.isEmpty else { return nil }
            return ParameterInsight(key: key, category: settings.category(of: key), exploded: explodes, values: values)
        }
        // The parameters are independent: each is scored on whichever core is free.
        var parameters = keys.sorted().concurrentMap(insight).compactMap { $0 }
        let categoryOrder = settings.categories.map(\.name) + ["other"]
        parameters.sort { (categoryOrder.firstIndex(of: $0.category) ?? categoryOrder.count, $0.key) < (categoryOrder.firstIndex(of: $1.category) ?? categoryOrder.count, $1.key) }
        return .success(InsightReport(
            goodThreshold: threshold, totalRuns: scored.count, goodRuns: goodRuns, parameters: parameters, selection: selection, skipped: skipped))
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
    /// Which runs have an objective; `nil` when all do.
    var scored: [Bool]?

    /// The input of the scored runs: by their order in `scored` when `runCount` is `nil`, else by
    /// their positions among `runCount` runs.
    init(_ scored: [(position: Int, objective: Double)], runCount: Int?, isGood: (Double) -> Bool) {
        guard let runCount else {
            objectives = scored.map(\.objective)
            good = scored.map { isGood($0.objective) }
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

    /// The tally of each value code of a column (its runs' codes), and how many scored runs lack the parameter.
    ///
    /// It reads every run of every parameter, so it works through buffers.
    func tallies(of codes: [Int32], valueCount: Int, goal: MetricGoal) -> (tallies: [ObjectiveTally], missing: Int) {
        var tallies = [ObjectiveTally](repeating: ObjectiveTally(), count: valueCount)
        var missing = 0
        tallies.withUnsafeMutableBufferPointer { tallies in
            codes.withUnsafeBufferPointer { codes in
                objectives.withUnsafeBufferPointer { objectives in
                    good.withUnsafeBufferPointer { good in
                        for run in codes.indices where scored?[run] ?? true {
                            let code = Int(codes[run])
                            guard code >= 0 else {
                                missing += 1
                                continue
                            }
                            tallies[code].add(objectives[run], good: good[run], goal: goal)
                        }
                    }
                }
            }
        }
        return (tallies, missing)
    }
}
