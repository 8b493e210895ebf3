import ArgumentParser
import Hyperscope

/// `hyperscope compare`: does A really beat B across seeds?
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two groups of runs, or every group against a baseline, with honest statistics.",
        discussion: """
            Give two groups with --a EXPR --b EXPR (the --where language), or group by a parameter with --by PARAM \
            (each group against --baseline VALUE, or every pair when no baseline is given). Each comparison reports \
            n, mean and std per side, the difference with its bootstrap 95% CI, Welch's t-test, Mann–Whitney U, \
            Hedges' g, a paired t-test over runs with the same seed, Holm-adjusted p-values when several pairs are \
            compared, a verdict in words, and how many seeds per side would detect the observed effect with 80% power.

            --metric takes a list (--metric test/acc,test/ece): each metric is compared with its own goal and \
            statistics, Holm's correction runs over every pair and metric together, and a summary says in words \
            whether the groups trade off (one more accurate, the other better calibrated) and which differences \
            are significant.
            """)

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("a"), help: ArgumentHelp("The first group, as a --where expression.", valueName: "expr"))
    var groupA: String?

    @Option(name: .customLong("b"), help: ArgumentHelp("The second group, as a --where expression.", valueName: "expr"))
    var groupB: String?

    @Option(name: .long, help: ArgumentHelp("Group runs by this parameter.", valueName: "param"))
    var by: String?

    @Option(
        name: .long,
        help: ArgumentHelp("With --by: the value every other group is compared against.", valueName: "value"))
    var baseline: String?

    @Option(
        name: .long,
        help:
            "Bootstrap resamples for the CI of the difference (default: 10,000, fewer for very large groups, as the dashboard)."
    )
    var resamples: Int?

    @Option(name: .long, help: "Seed of the bootstrap, so the CI is reproducible.")
    var seed: UInt64 = 0

    @Flag(
        name: .customLong("include-incomplete"),
        help: "Use runs whose curves are shorter than their group's longest too.")
    var includeIncomplete = false

    func validate() throws {
        if by == nil, groupA == nil || groupB == nil {
            throw ValidationError("give --a EXPR and --b EXPR, or --by PARAM")
        }
        if by != nil, groupA != nil || groupB != nil { throw ValidationError("give either --a/--b or --by, not both") }
        if baseline != nil, by == nil { throw ValidationError("--baseline goes with --by") }
        if let resamples, resamples < 100 { throw ValidationError("--resamples must be at least 100") }
    }

    func run() async throws {
        // The store's run table: no run is decoded.
        let input = try await analysis.loadTable(severalMetrics: true)
        let (settings, table) = (input.settings, input.table)
        let groups = try self.groups(of: table, names: settings.displayNames)
        let pairing = RunPairing(
            columns: ParameterColumns(table), comparedKeys: comparedKeys(), detection: input.detection)
        let pairs = try pairedIndices(groups)
        // comparisons[pair][metric]
        let sidesByMetric = zip(input.metrics, input.values).map { selection, values in
            groups.map {
                ComparisonSide(
                    label: $0.label, table: table, rows: $0.rows, values: values, selection: selection,
                    pairing: pairing, includeIncomplete: includeIncomplete)
            }
        }
        let comparisons = pairs.concurrentMap { first, second in
            zip(input.metrics, sidesByMetric).map { selection, sides in
                GroupComparison(
                    sides[first], sides[second], goal: selection.goal, bootstrapSeed: seed, resamples: resamples)
            }
        }
        guard input.metrics.count == 1 else {
            let family = MultiMetricComparison.family(metrics: input.metrics, comparisons: comparisons)
            let footer = "\n" + input.metrics.map(Self.describe).joined(separator: "; ") + "\n"
            try output.emit(
                table: ComparisonRendering.table(family), json: { ComparisonRendering.json(family) },
                footer: footer + ComparisonRendering.verdicts(family))
            return
        }
        var single = comparisons.map { $0[0] }
        GroupComparison.adjustForMultipleComparisons(&single)
        let footer = "\n\(Self.describe(input.metric))\n" + ComparisonRendering.verdicts(single)
        try output.emit(
            table: ComparisonRendering.table(single), json: { ComparisonRendering.json(single) }, footer: footer)
    }

    /// `val/acc at last (higher is better)`.
    private static func describe(_ selection: MetricSelection) -> String {
        "\(selection.metric) at \(selection.point) (\(selection.goal == .maximize ? "higher" : "lower") is better)"
    }

    /// The pairs of groups compared, as positions: each group against `--baseline`, else every pair.
    private func pairedIndices(_ groups: [(label: String, value: String, rows: [Int])]) throws -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        if let by, let baseline {
            guard let baseIndex = groups.firstIndex(where: { $0.value == baseline }) else {
                throw CommandFailure(
                    "no group has \(by) = \(baseline); the values are: \(groups.map(\.value).joined(separator: ", "))")
            }
            pairs = groups.indices.filter { $0 != baseIndex }.map { ($0, baseIndex) }
        } else {
            for first in groups.indices {
                for second in groups.indices where second > first { pairs.append((first, second)) }
            }
        }
        guard !pairs.isEmpty else {
            throw CommandFailure("\(by.map { "--by \($0)" } ?? "the groups") gave fewer than two groups to compare")
        }
        return pairs
    }

    /// The groups to compare: the two expressions, or one per value of `--by`.
    private func groups(
        of table: RunTable, names: DisplayNames
    ) throws -> [(
        label: String, value: String, rows: [Int]
    )] {
        if let by {
            let groups = RunGrouping.byValue(table, of: by)
            guard !groups.isEmpty else { throw CommandFailure("no run has the parameter '\(by)'") }
            return groups.map { value, members in
                ("\(names.name(of: by))=\(names.value(value, of: by))", value.displayText, members)
            }
        }
        return try [groupA!, groupB!].map { expression in
            let filter: RunFilter
            do {
                filter = try RunFilter.parse(expression)
            } catch {
                throw CommandFailure("invalid group expression: \(error)", status: ExitStatus.invalidInput)
            }
            // Metrics in a group expression are judged by the goal their name suggests.
            return (
                expression, expression,
                filter.matchingPositions(in: table, goal: { MetricGoal.suggested(forMetricNamed: $0.metric) })
            )
        }
    }

    /// The parameters the comparison varies on purpose: `--by`, or the fields the group expressions name.
    private func comparedKeys() -> Set<String> {
        if let by { return [by] }
        return Set([groupA!, groupB!].flatMap { (try? RunFilter.parse($0))?.expression.fields ?? [] })
    }

}
