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
        for (position, run) in runs.enumerated() {
            switch selection.value(in: run) {
            case .success(let value): scored.append((position, value))
            case .failure(let why): skipped.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: why.reason))
            }
        }
        guard !scored.isEmpty else { return .failure(NotComputable("no run has \(selection.metric) at \(selection.point)")) }
        let ranked = scored.map(\.objective).sorted { selection.goal.prefers($0, over: $1) }
        let wanted = max(1, Int((settings.gamma * Double(ranked.count)).rounded(.down)))
        let threshold = ranked[min(wanted, ranked.count) - 1]
        let isGood = { @Sendable (objective: Double) in selection.goal == .maximize ? objective >= threshold : objective <= threshold }
        let goodRuns = scored.filter { isGood($0.objective) }.count

        let exploded = Set(settings.explode)
        // Most often every run has the objective, and the columns given are those of the scored runs.
        let columns = columns.map { scored.count == $0.runCount ? $0 : $0.rows(scored.map(\.position)) } ?? ParameterColumns(scored.map { runs[$0.position] })
        let keys = Set(detection.classify(varyingKeys: columns.varyingKeys).varying).union(exploded.filter { columns.column(of: $0) != nil })
        let objectives = scored.map(\.objective)
        /// One parameter's insight, or `nil` when it has no value to score.
        @Sendable func insight(_ key: String) -> ParameterInsight? {
            guard let column = columns.column(of: key) else { return nil }
            let explodes = exploded.contains(key)
            let bins = explodes ? nil : settings.bins.flatMap { Binner(column: column, of: columns, bins: $0, mode: settings.binning) }
            // The objectives are tallied per distinct value, then per item (a list's items, a bin,
            // or the value itself), and labelled once per item: labelling every run's value would
            // format 100,000 × 30 numbers.
            var tallyOfValue = [ObjectiveTally](repeating: ObjectiveTally(), count: columns.values[column].count)
            for (index, code) in columns.codes[column].enumerated() where code >= 0 {
                tallyOfValue[Int(code)].add(objectives[index], good: isGood(objectives[index]), goal: selection.goal)
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
                for (value, tally) in zip(columns.values[column], tallyOfValue) {
                    if let bin = bins.bin(of: value) { tallyOfBin[bin].merge(tally, goal: selection.goal) } else { add(tally, to: value) }
                }
                for (bin, tally) in tallyOfBin.enumerated() where tally.count > 0 { add(tally, to: bins.lowerEdge(ofBin: bin)) }
            } else {
                for (value, tally) in zip(columns.values[column], tallyOfValue) {
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
private struct ObjectiveTally {
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

/// Bins a numeric parameter with many distinct values into ranges.
struct Binner {
    private let edges: [Double]

    /// A binner for a column, or `nil` when some of its values are not finite numbers or it has no
    /// more than `bins` distinct values.
    init?(column: Int, of columns: ParameterColumns, bins: Int, mode: InsightSettings.Binning) {
        let values = columns.values[column]
        guard bins >= 2, values.count > bins else { return nil }
        let order = columns.numericOrder(of: column)
        guard order.count == values.count else { return nil }
        // The runs' values in increasing order, as distinct numbers and how many runs have each:
        // counted through the column's codes rather than sorted run by run.
        var runsOfCode = [Int](repeating: 0, count: values.count)
        for code in columns.codes[column] where code >= 0 { runsOfCode[Int(code)] += 1 }
        var numbers: [Double] = []
        var runsUpTo: [Int] = [0]  // runsUpTo[i + 1]: the runs whose value is at most numbers[i].
        for code in order where runsOfCode[Int(code)] > 0 {
            let number = values[Int(code)].numericValue!
            if numbers.last == number {
                runsUpTo[runsUpTo.count - 1] += runsOfCode[Int(code)]
            } else {
                numbers.append(number)
                runsUpTo.append(runsUpTo[runsUpTo.count - 1] + runsOfCode[Int(code)])
            }
        }
        guard numbers.count > bins else { return nil }
        /// The value at a rank (from 0) of the runs' values in increasing order.
        func ranked(_ rank: Int) -> Double {
            var low = 0
            var high = numbers.count - 1
            while low < high {
                let middle = (low + high) / 2
                if runsUpTo[middle + 1] > rank { high = middle } else { low = middle + 1 }
            }
            return numbers[low]
        }
        var edges: [Double]
        if mode == .log, numbers[0] > 0 {
            let low = log10(numbers[0])
            let high = log10(numbers[numbers.count - 1])
            edges = (0...bins).map { pow(10, low + (high - low) * Double($0) / Double(bins)) }
        } else {
            // The percentiles of the runs' values, interpolated between neighbouring ranks.
            edges = (0...bins).map { Bootstrap.percentile(count: runsUpTo[runsUpTo.count - 1], Double($0) / Double(bins), valueAtRank: ranked) }
        }
        edges = edges.reduce(into: []) { unique, edge in if unique.last != edge { unique.append(edge) } }
        guard edges.count >= 2 else { return nil }
        self.edges = edges
    }

    /// The number of bins.
    var count: Int { edges.count - 1 }

    /// The number of a value's bin; `nil` for a value that is not a finite number.
    func bin(of value: Value) -> Int? {
        guard let number = value.numericValue, number.isFinite else { return nil }
        return binIndex(of: number)
    }

    /// A bin's lower edge, which stands for the bin.
    func lowerEdge(ofBin bin: Int) -> Value {
        .float(edges[bin])
    }

    /// The bin of a value, as its lower edge; `nil` for a value that is not a finite number.
    func lowerEdge(of value: Value) -> Value? {
        bin(of: value).map(lowerEdge(ofBin:))
    }

    /// The label `[low, high)` of the bin with this lower edge (the last bin closed); `nil` for a
    /// value that is not a finite number.
    func label(ofLowerEdge edge: Value) -> String? {
        guard let number = edge.numericValue, number.isFinite else { return nil }
        let index = binIndex(of: number)
        let last = index == edges.count - 2
        return "[\(NumberFormatting.metric(edges[index], digits: 3)), \(NumberFormatting.metric(edges[index + 1], digits: 3))\(last ? "]" : ")")"
    }

    private func binIndex(of number: Double) -> Int {
        min(max(0, edges.lastIndex { $0 <= number } ?? 0), edges.count - 2)
    }
}
