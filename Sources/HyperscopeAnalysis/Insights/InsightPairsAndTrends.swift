import HyperscopeCore

extension InsightReport {
    /// The score table of value pairs of two parameters (learning rate × batch size): each
    /// combination present in the runs scored like a single value, labelled `a × b`; with
    /// `settings.bins`, a numeric side with many values is binned as ``analyse(_:selection:settings:detection:)`` bins it.
    ///
    /// - Returns: A report whose one parameter is the pair (key `first×second`), or why there is none.
    public static func pairs(
        _ runs: [Run], first: String, second: String, selection: MetricSelection, settings: InsightSettings = InsightSettings()
    ) -> Result<InsightReport, NotComputable> {
        let pairKey = "\(first)×\(second)"
        // Each side is binned as the single-parameter insights bin it, so two continuous
        // parameters give a table of ranges rather than one row per run.
        let sides = ParameterColumns(runs, keys: [first, second])
        let binners = [first, second].map { key in
            settings.bins.flatMap { bins in sides.column(of: key).flatMap { Binner(column: $0, of: sides, bins: bins, mode: settings.binning) } }
        }
        let combined = runs.compactMap { run -> Run? in
            guard let a = run.params[first], let b = run.params[second] else { return nil }
            var copy = run
            copy.params = [pairKey: .list([binners[0]?.lowerEdge(of: a) ?? a, binners[1]?.lowerEdge(of: b) ?? b])]
            return copy
        }
        guard !combined.isEmpty else { return .failure(NotComputable("no run has both \(first) and \(second)")) }
        var pairSettings = settings
        pairSettings.explode = []
        pairSettings.bins = nil
        let report = analyse(combined, selection: selection, settings: pairSettings, detection: SweepDetection(replacingDefaults: true))
        switch report {
        case .failure(let why): return .failure(why)
        case .success(var report):
            guard var insight = report.parameters.first else {
                return .failure(NotComputable("\(first) and \(second) take a single combination of values"))
            }
            insight.values = insight.values.map { value in
                var relabelled = value
                if case .list(let items) = value.rawValue, items.count == 2 {
                    let labels = zip(items, binners).map { item, binner in binner?.label(ofLowerEdge: item) ?? item.displayText }
                    relabelled.label = "\(labels[0]) × \(labels[1])"
                }
                return relabelled
            }
            insight.category = settings.category(of: first)
            report.parameters = [insight]
            return .success(report)
        }
    }
}

/// How conclusions evolved as runs accumulated: for each parameter, its best-scored value after each step.
public struct InsightTrend: Sendable, Hashable {
    /// One step of the trend for one parameter.
    public struct Step: Sendable, Hashable {
        /// The number of runs considered at this step (the window's size when sliding).
        public var runsConsidered: Int
        /// The position of the last run of the step in the ordering (1-based).
        public var throughRun: Int
        /// The best-scored value at this step.
        public var bestValue: String
        /// Its score.
        public var score: Double
        /// Its number of runs.
        public var count: Int
    }

    /// The parameter key.
    public var key: String
    /// The steps, in order.
    public var steps: [Step]

    /// The position from which the best value no longer changed, or `nil` when it changed at the last step.
    public var stableFrom: Int? {
        guard let last = steps.last else { return nil }
        let changed = steps.lastIndex { $0.bestValue != last.bestValue }
        let index = changed.map { $0 + 1 } ?? 0
        return index < steps.count - 1 || steps.count == 1 ? steps[index].throughRun : nil
    }

    /// Trends of every parameter over runs in the given order (by start time or id), computed after
    /// every `stride` runs, over all runs so far or over a sliding window of `window` runs.
    public static func compute(
        _ orderedRuns: [Run], selection: MetricSelection, settings: InsightSettings = InsightSettings(),
        detection: SweepDetection = SweepDetection(), window: Int? = nil, stride: Int = 1
    ) -> [InsightTrend] {
        var steps: [String: [Step]] = [:]
        var order: [String] = []
        for end in Swift.stride(from: max(1, stride), through: orderedRuns.count, by: max(1, stride)) {
            let start = window.map { max(0, end - $0) } ?? 0
            guard case .success(let report) = InsightReport.analyse(
                Array(orderedRuns[start..<end]), selection: selection, settings: settings, detection: detection)
            else { continue }
            for parameter in report.parameters {
                guard let best = parameter.values.first else { continue }
                if steps[parameter.key] == nil { order.append(parameter.key) }
                steps[parameter.key, default: []].append(Step(
                    runsConsidered: report.totalRuns, throughRun: end, bestValue: best.label, score: best.score, count: best.count))
            }
        }
        return order.sorted().map { InsightTrend(key: $0, steps: steps[$0]!) }
    }
}
