import Foundation
import HyperscopeCore

extension InsightReport {
    /// Computes the insights of `runs`.
    ///
    /// - Parameters:
    ///   - runs: The runs, already filtered.
    ///   - selection: The objective: a metric at a point, with its goal.
    ///   - settings: γ, categories, exploded lists and binning.
    ///   - detection: Which keys are noise; only parameters that vary (and are not noise) are scored.
    /// - Returns: The report, or why there is none (no run has the objective).
    /// - Complexity: O(*runs × parameters*) plus sorting.
    public static func analyse(
        _ runs: [Run], selection: MetricSelection, settings: InsightSettings = InsightSettings(),
        detection: SweepDetection = SweepDetection()
    ) -> Result<InsightReport, NotComputable> {
        var scored: [(run: Run, objective: Double)] = []
        var skipped: [IncompleteRun] = []
        for run in runs {
            switch selection.value(in: run) {
            case .success(let value): scored.append((run, value))
            case .failure(let why): skipped.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: why.reason))
            }
        }
        guard !scored.isEmpty else { return .failure(NotComputable("no run has \(selection.metric) at \(selection.point)")) }
        let ranked = scored.map(\.objective).sorted { selection.goal.prefers($0, over: $1) }
        let wanted = max(1, Int((settings.gamma * Double(ranked.count)).rounded(.down)))
        let threshold = ranked[min(wanted, ranked.count) - 1]
        let isGood = { (objective: Double) in selection.goal == .maximize ? objective >= threshold : objective <= threshold }
        let goodRuns = scored.filter { isGood($0.objective) }.count

        let exploded = Set(settings.explode)
        let keys = Set(detection.classify(scored.map(\.run)).varying).union(exploded.filter { key in scored.contains { $0.run.params[key] != nil } })
        var parameters: [ParameterInsight] = []
        for key in keys.sorted() {
            var groups: [String: (raw: Value, objectives: [Double])] = [:]
            let explodes = exploded.contains(key)
            let bins = explodes ? nil : settings.bins.flatMap { Binner(key: key, runs: scored.map(\.run), bins: $0, mode: settings.binning) }
            for (run, objective) in scored {
                guard let value = run.params[key] else { continue }
                let items: [(label: String, raw: Value)]
                if explodes, case .list(let list) = value {
                    items = Array(Set(list)).map { (Self.itemLabel($0), $0) }
                } else if let bins, let bin = bins.bin(of: value) {
                    items = [bin]
                } else {
                    items = [(value.displayText, value)]
                }
                for item in items { groups[item.label, default: (item.raw, [])].objectives.append(objective) }
            }
            let values = groups.map { label, group -> ValueInsight in
                let good = group.objectives.filter(isGood).count
                let count = group.objectives.count
                let best = selection.goal == .maximize ? group.objectives.max()! : group.objectives.min()!
                return ValueInsight(
                    label: label, rawValue: group.raw, count: count, goodCount: good, score: Self.laplaceSmoothedScore(good: good, count: count),
                    meanObjective: group.objectives.reduce(0, +) / Double(count), bestObjective: best, confidence: InsightConfidence(count: count))
            }.sorted { ($0.score, $0.count, $1.label) > ($1.score, $1.count, $0.label) }
            guard !values.isEmpty else { continue }
            parameters.append(ParameterInsight(key: key, category: settings.category(of: key), exploded: explodes, values: values))
        }
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

/// Bins a numeric parameter with many distinct values into ranges.
struct Binner {
    private let edges: [Double]

    /// A binner for `key`, or `nil` when the parameter is not numeric or has no more than `bins` distinct values.
    init?(key: String, runs: [Run], bins: Int, mode: InsightSettings.Binning) {
        let values = runs.compactMap { $0.params[key]?.numericValue }.filter(\.isFinite)
        guard bins >= 2, Set(values).count > bins, values.count == runs.filter({ $0.params[key] != nil }).count else { return nil }
        let sorted = values.sorted()
        var edges: [Double]
        if mode == .log, sorted[0] > 0 {
            let low = log10(sorted[0])
            let high = log10(sorted[sorted.count - 1])
            edges = (0...bins).map { pow(10, low + (high - low) * Double($0) / Double(bins)) }
        } else {
            edges = (0...bins).map { Bootstrap.percentile(sorted, Double($0) / Double(bins)) }
        }
        edges = edges.reduce(into: []) { unique, edge in if unique.last != edge { unique.append(edge) } }
        guard edges.count >= 2 else { return nil }
        self.edges = edges
    }

    /// The bin of a value: its label `[low, high)` (the last bin closed) and its lower edge.
    func bin(of value: Value) -> (label: String, raw: Value)? {
        guard let number = value.numericValue, number.isFinite else { return nil }
        let index = min(max(0, (edges.lastIndex { $0 <= number } ?? 0)), edges.count - 2)
        let last = index == edges.count - 2
        let label = "[\(NumberFormatting.metric(edges[index], digits: 3)), \(NumberFormatting.metric(edges[index + 1], digits: 3))\(last ? "]" : ")")"
        return (label, .float(edges[index]))
    }
}
