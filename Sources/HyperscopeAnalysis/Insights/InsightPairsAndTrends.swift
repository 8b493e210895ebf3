import HyperscopeCore

extension InsightReport {
    /// The score table of value pairs of two parameters (learning rate × batch size): each
    /// combination present in the runs scored like a single value, labelled `a × b`; with
    /// `settings.bins`, a numeric side with many values is binned as
    /// ``analyse(_:columns:selection:settings:detection:)`` bins it.
    /// `columns`, the parameter columns of `runs` when the caller has them, saves reading the runs'
    /// parameters, and `objectives` (each run's, `nil` for a run without it) reading their curves.
    ///
    /// - Returns: A report whose one parameter is the pair (key `first×second`), or why there is none.
    public static func pairs(
        _ runs: [Run], columns: ParameterColumns? = nil, objectives: [Double?]? = nil, first: String, second: String,
        selection: MetricSelection,
        settings: InsightSettings = InsightSettings()
    ) -> Result<InsightReport, NotComputable> {
        pairs(
            of: columns ?? ParameterColumns(runs, keys: [first, second]), first: first, second: second,
            settings: settings
        ) { kept, pairColumns, pairSettings in
            let keptRuns = kept.count == runs.count ? runs : kept.map { runs[$0] }
            let keptObjectives = objectives.map { objectives in
                kept.count == runs.count ? objectives : kept.map { objectives[$0] }
            }
            return analyse(
                keptRuns, columns: pairColumns, objectives: keptObjectives, selection: selection,
                settings: pairSettings, detection: SweepDetection(replacingDefaults: true))
        }
    }

    /// The score table of value pairs of two parameters over the runs of a table, or those at `rows`,
    /// given each run of the table's objective or why it has none: what
    /// ``pairs(_:columns:objectives:first:second:selection:settings:)`` gives for those runs.
    /// `columns`, the parameter columns of every run of the table when the caller has them, saves
    /// making them.
    package static func pairs(
        _ table: RunTable, columns: ParameterColumns? = nil, rows: [Int]? = nil,
        objectives: [Result<Double, NotComputable>], first: String, second: String, selection: MetricSelection,
        settings: InsightSettings = InsightSettings()
    ) -> Result<InsightReport, NotComputable> {
        let analysed = rows ?? Array(0..<table.count)
        let sides = (columns ?? ParameterColumns(table)).rows(analysed, keys: [first, second])
        return pairs(of: sides, first: first, second: second, settings: settings) { kept, pairColumns, pairSettings in
            var scored: [(position: Int, objective: Double)] = []
            var skipped: [IncompleteRun] = []
            for (position, row) in kept.lazy.map({ analysed[$0] }).enumerated() {
                switch objectives[row] {
                case .success(let value): scored.append((position, value))
                case .failure(let why):
                    skipped.append(IncompleteRun(runID: table.ids[row], name: table.names[row], reason: why.reason))
                }
            }
            return report(
                scored: scored, skipped: skipped, columns: pairColumns,
                runCount: scored.count == kept.count ? nil : kept.count, selection: selection,
                settings: pairSettings, detection: SweepDetection(replacingDefaults: true))
        }
    }

    /// The pair report of the runs of `sides` (their columns of the two parameters): `analyse` scores
    /// the runs that have both (their positions, their pair as one column, the settings without
    /// binning or exploding), and the values are labelled `a × b`.
    private static func pairs(
        of sides: ParameterColumns, first: String, second: String, settings: InsightSettings,
        analyse: (_ kept: [Int], _ pairColumns: ParameterColumns, _ settings: InsightSettings) -> Result<
            InsightReport, NotComputable
        >
    ) -> Result<InsightReport, NotComputable> {
        let pairKey = "\(first)×\(second)"
        guard let pair = PairColumn(sides, first: first, second: second, settings: settings) else {
            return .failure(NotComputable("no run has both \(first) and \(second)"))
        }
        // Runs lacking either parameter are left out, from the scoring and its threshold alike.
        let kept = pair.codes.indices.filter { pair.codes[$0] >= 0 }
        let pairColumns = ParameterColumns(
            keys: [pairKey], codes: [kept.map { pair.codes[$0] }], values: [pair.values], runCount: kept.count)
        var pairSettings = settings
        pairSettings.explode = []
        pairSettings.bins = nil
        switch analyse(kept, pairColumns, pairSettings) {
        case .failure(let why): return .failure(why)
        case .success(var report):
            guard var insight = report.parameters.first else {
                return .failure(NotComputable("\(first) and \(second) take a single combination of values"))
            }
            insight.values = insight.values.map { value in
                var relabelled = value
                if case .list(let items)? = value.rawValue, items.count == 2 {
                    let labels = zip(items, pair.binners).map { item, binner in
                        binner?.label(ofLowerEdge: item) ?? item.displayText
                    }
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

/// The pair of two parameters' values (each binned as the insights bin it, so two continuous
/// parameters give a table of ranges rather than one row per run) as one column of `[a, b]` lists.
private struct PairColumn {
    /// Each run's pair number into ``values``, or -1 when it lacks either parameter.
    let codes: [Int32]
    /// The distinct pairs, as two-item lists, in order of first appearance.
    let values: [Value]
    /// The binner of each side, when it is binned.
    let binners: [Binner?]

    init?(_ columns: ParameterColumns, first: String, second: String, settings: InsightSettings) {
        guard let a = columns.column(of: first), let b = columns.column(of: second) else { return nil }
        binners = [a, b].map { column in
            settings.bins.flatMap { Binner(column: column, of: columns, bins: $0, mode: settings.binning) }
        }
        // Each side's values become items (a value, or its bin's lower edge), numbered once per distinct value.
        let sides = zip([a, b], binners).map { column, binner in
            var numberOfItem: [Value: Int] = [:]
            var items: [Value] = []
            let itemOfValue = columns.values[column].map { value -> Int in
                let item = binner?.lowerEdge(of: value) ?? value
                if let known = numberOfItem[item] { return known }
                numberOfItem[item] = items.count
                items.append(item)
                return items.count - 1
            }
            return (codes: columns.codes[column], itemOfValue: itemOfValue, items: items)
        }
        var numberOfPair: [Int: Int32] = [:]
        var values: [Value] = []
        var codes = [Int32](repeating: -1, count: columns.runCount)
        for run in 0..<columns.runCount {
            let (left, right) = (sides[0].codes[run], sides[1].codes[run])
            guard left >= 0, right >= 0 else { continue }
            let (x, y) = (sides[0].itemOfValue[Int(left)], sides[1].itemOfValue[Int(right)])
            let pair = x * sides[1].items.count + y
            if let known = numberOfPair[pair] {
                codes[run] = known
            } else {
                numberOfPair[pair] = Int32(values.count)
                codes[run] = Int32(values.count)
                values.append(.list([sides[0].items[x], sides[1].items[y]]))
            }
        }
        guard !values.isEmpty else { return nil }
        self.codes = codes
        self.values = values
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
            guard
                case .success(let report) = InsightReport.analyse(
                    Array(orderedRuns[start..<end]), selection: selection, settings: settings, detection: detection)
            else { continue }
            for parameter in report.parameters {
                guard let best = parameter.values.first else { continue }
                if steps[parameter.key] == nil { order.append(parameter.key) }
                steps[parameter.key, default: []].append(
                    Step(
                        runsConsidered: report.totalRuns, throughRun: end, bestValue: best.label, score: best.score,
                        count: best.count))
            }
        }
        return order.sorted().map { InsightTrend(key: $0, steps: steps[$0]!) }
    }
}
