import HyperscopeAnalysis
import HyperscopeCore
import SystemLibC

/// A configuration worth trying next, with how strongly the TPE densities favour it.
public struct Suggestion: Sendable, Hashable {
    /// The parameter values.
    public var params: [String: Value]
    /// l(x)/g(x): how much likelier the configuration is under the good runs' density than under the
    /// rest's; maximising it maximises expected improvement (Bergstra et al. 2011).
    public var improvementRatio: Double
}

/// Suggests configurations from the Tree-structured Parzen Estimator fitted to stored runs: the
/// runs are split into good (top γ) and bad, a multivariate ``ParzenEstimator`` is fitted to each
/// (the same one the ``TPESampler`` uses), candidates are drawn from the good density, and those
/// with the highest l(x)/g(x) are returned.
public enum TPESuggestions {
    /// Infers the search space from runs: each varying parameter numeric (log when its values look
    /// log-spread, as ``ParameterAxis/isLogarithmic(_:)`` judges; integer when all values are) or
    /// categorical.
    public static func domains(
        of runs: [Run], detection: SweepDetection = SweepDetection()
    ) -> [String: ParameterDomain] {
        domains(of: ParameterColumns(runs), detection: detection)
    }

    /// The search space of runs given as parameter columns, as ``domains(of:detection:)`` infers it:
    /// from each column's distinct values and how many runs have each.
    static func domains(of columns: ParameterColumns, detection: SweepDetection) -> [String: ParameterDomain] {
        var domains: [String: ParameterDomain] = [:]
        for key in detection.classify(columns).varying {
            let column = columns.column(of: key)!
            var counts = [Int](repeating: 0, count: columns.values[column].count)
            for code in columns.codes[column] where code >= 0 { counts[Int(code)] += 1 }
            let present = counts.indices.filter { counts[$0] > 0 }
            let values = present.map { columns.values[column][$0] }
            let numbers = values.compactMap(\.numericValue)
            if numbers.count == values.count, let low = numbers.min(), let high = numbers.max(), high > low {
                let logarithmic = ParameterAxis.isLogarithmic(numbers, counts: present.map { counts[$0] })
                let integers = values.compactMap { if case .int(let integer) = $0 { integer } else { nil } }
                if integers.count == values.count, let lowest = integers.min(), let highest = integers.max() {
                    domains[key] = .integer(
                        low: lowest, high: highest, logarithmic: logarithmic && lowest >= 1, step: 1)
                } else {
                    domains[key] = .float(low: low, high: high, logarithmic: logarithmic, step: nil)
                }
            } else {
                var seen: [Value] = []
                for value in values where !seen.contains(value) { seen.append(value) }
                domains[key] = .categorical(seen.sorted { $0.displayText < $1.displayText })
            }
        }
        return domains
    }

    /// Suggests `count` distinct configurations.
    ///
    /// - Parameters:
    ///   - runs: The runs to learn from.
    ///   - selection: The objective and its goal.
    ///   - gamma: The fraction of runs counted good (at least one).
    ///   - candidates: Candidates drawn from the good density per suggestion.
    ///   - seed: The seed; the same runs and seed give the same suggestions.
    /// - Returns: The suggestions, best ratio first, or why there are none.
    public static func suggest(
        _ runs: [Run], selection: MetricSelection, count: Int, gamma: Double = 0.25, candidates: Int = 64,
        seed: UInt64 = 0,
        detection: SweepDetection = SweepDetection()
    ) -> Result<[Suggestion], NotComputable> {
        suggest(
            RunTable(runs), objectives: selection.values(in: runs), selection: selection, count: count, gamma: gamma,
            candidates: candidates, seed: seed, detection: detection)
    }

    /// Suggests `count` distinct configurations from the runs of a table, given each run's objective
    /// or why it has none (``MetricSelection/values(in:)``): what
    /// ``suggest(_:selection:count:gamma:candidates:seed:detection:)`` gives for the table's runs.
    public static func suggest(
        _ table: RunTable, objectives: [Result<Double, NotComputable>], selection: MetricSelection, count: Int,
        gamma: Double = 0.25, candidates: Int = 64, seed: UInt64 = 0, detection: SweepDetection = SweepDetection()
    ) -> Result<[Suggestion], NotComputable> {
        let scored = objectives.indices.compactMap { row in (try? objectives[row].get()).map { (row, $0) } }
        guard scored.count >= 2 else {
            return .failure(
                NotComputable("suggestions need at least 2 runs with \(selection.metric) (have \(scored.count))"))
        }
        // The scored runs' columns: row i is the i-th scored run (the table's own when every run is).
        let columns =
            scored.count == table.count ? ParameterColumns(table) : ParameterColumns(table.rows(scored.map(\.0)))
        let domains = Self.domains(of: columns, detection: detection)
        guard !domains.isEmpty else {
            return .failure(NotComputable("no parameter varies across the runs, so there is nothing to suggest"))
        }
        let keys = domains.keys.sorted()
        let keyColumns = keys.map { columns.column(of: $0)! }
        // A run is usable when it has every key with a value inside its domain: each distinct value
        // is checked once, each run by its codes.
        let allowed = zip(keys, keyColumns).map { key, column in columns.values[column].map(domains[key]!.contains) }
        var isUsable = [Bool](repeating: true, count: scored.count)
        for (column, allowed) in zip(keyColumns, allowed) {
            let codes = columns.codes[column]
            for row in isUsable.indices where isUsable[row] {
                isUsable[row] = codes[row] >= 0 && allowed[Int(codes[row])]
            }
        }
        let usable = scored.indices.filter { isUsable[$0] }
        // Best first, equal objectives in run order: the finite objectives' radix order (negated when
        // larger is better), as the stable comparison sort gives it.
        let objectivesOfUsable = usable.map { scored[$0].1 }
        let ordered =
            objectivesOfUsable.allSatisfy(\.isFinite)
            ? (selection.goal == .maximize ? objectivesOfUsable.map { -$0 } : objectivesOfUsable).ascendingPositions
                .map { usable[$0] }
            : usable.sorted { selection.goal.prefers(scored[$0].1, over: scored[$1].1) }
        let goodCount = max(1, Int((gamma * Double(ordered.count)).rounded(.down)))
        // Each density reads its runs' codes a key at a time; values are decoded once per distinct value.
        let keyDomains = keys.map { domains[$0]! }
        let prepared = zip(keyColumns, keyDomains).map { column, domain in
            ParzenEstimator.CodedColumn(values: columns.values[column], domain: domain)
        }
        let coded = { (rows: ArraySlice<Int>) -> [ParzenEstimator.CodedColumn] in
            zip(keyColumns, prepared).map { column, prepared in
                let codes = columns.codes[column]
                var coded = prepared
                coded.codes = rows.map { codes[$0] }
                return coded
            }
        }
        let good = ParzenEstimator(domains: keyDomains, columns: coded(ordered.prefix(goodCount)))
        let bad = ParzenEstimator(domains: keyDomains, columns: coded(ordered.dropFirst(goodCount)))
        var generator = SplitMix64(seed: seed)
        // Whether a run was made with this configuration: few suggestions are checked, so each scans
        // the runs' codes (a mismatch shows at the first key or so) rather than every run's
        // configuration being hashed. A value no run has rules the configuration out at once.
        let tried = { (signature: [Value?]) -> Bool in
            // A column numbers each distinct value once: the code of a value, or -1 for a missing key.
            var wanted: [Int32] = []
            for (column, value) in zip(keyColumns, signature) {
                guard let value else {
                    wanted.append(-1)
                    continue
                }
                guard let code = columns.values[column].firstIndex(of: value) else { return false }
                wanted.append(Int32(code))
            }
            return scored.indices.contains { row in
                zip(keyColumns, wanted).allSatisfy { column, code in columns.codes[column][row] == code }
            }
        }
        var suggestions: [Suggestion] = []
        var attempts = 0
        while suggestions.count < count, attempts < count * 20 {
            attempts += 1
            var best: Suggestion?
            // The candidates are drawn in order, then weighed on every core: over many runs each
            // density is a sum over every run, and the draws alone fix the answer.
            let drawn = (0..<max(1, candidates)).map { _ in good.sample(using: &generator) }
            // Weighed in one batch per core: each batch reads the kernels once a block of components.
            let half = max(1, (drawn.count + 1) / 2)
            let batches = stride(from: 0, to: drawn.count, by: half).map {
                Array(drawn[$0..<min($0 + half, drawn.count)])
            }
            let ratios = batches.concurrentMap { batch in
                zip(good.logDensities(batch), bad.logDensities(batch)).map { exp($0 - $1) }
            }.flatMap { $0 }
            for (values, ratio) in zip(drawn, ratios) where best.map({ ratio > $0.improvementRatio }) ?? true {
                best = Suggestion(params: Dictionary(uniqueKeysWithValues: zip(keys, values)), improvementRatio: ratio)
            }
            guard let best else { break }
            let signature = keys.map { best.params[$0] }
            if tried(signature) || suggestions.contains(where: { $0.params == best.params }) { continue }
            suggestions.append(best)
        }
        return .success(suggestions.sorted { $0.improvementRatio > $1.improvementRatio })
    }
}
