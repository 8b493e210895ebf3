import HyperscopeCore
import SystemLibC

/// How much each parameter matters to the objective: fANOVA over random forests fitted with several
/// seeds (mean and spread, so the user sees how stable it is) and PED-ANOVA (Watanabe et al. 2023).
public struct ParameterImportance: Sendable, Hashable {
    /// One parameter's importances.
    public struct Entry: Sendable, Hashable {
        /// The parameter key.
        public var key: String
        /// How the parameter was encoded: `numeric`, `log`, or `categorical`.
        public var encoding: String
        /// The fANOVA main-effect importance, the mean over forest seeds (shares of variance, 0…1).
        public var fanova: Double
        /// The standard deviation of the fANOVA importance over the seeds.
        public var fanovaSpread: Double
        /// The PED-ANOVA importance, normalised so all parameters sum to 1.
        public var pedAnova: Double
    }

    /// The parameters, most important (by fANOVA) first.
    public var entries: [Entry]
    /// The parameters scored, under all their names, and the keys left out (noise, identifiers).
    public var classification: ParameterClassification
    /// The runs used.
    public var runCount: Int
    /// The runs with the objective, of which ``runCount`` were used (an even spread of at most
    /// ``sampleSize``).
    public var scoredRunCount: Int
    /// The objective.
    public var selection: MetricSelection
    /// The forest seeds used.
    public var seeds: [UInt64]

    /// The most runs the importance is computed over: beyond it, an even spread of the runs
    /// (``Swift/Array/evenlySpaced(atMost:)``) ranks the parameters as all of them would, in a
    /// fraction of the time (the forests grow as *n* log *n*).
    public static let sampleSize = 1_000
    /// The forest seeds every face (CLI, dashboard, report) averages over unless told otherwise.
    public static let standardSeeds: [UInt64] = [0, 1, 2]
    /// The trees of each forest unless told otherwise.
    public static let standardTreeCount = 16

    /// Computes the importances of the varying parameters of `runs`.
    ///
    /// Numeric parameters spanning two decades or more of positive values are taken on a log scale;
    /// non-numeric ones are categorical (coded in sorted order); a run missing a parameter (a
    /// conditional one) gets a value just below its range, so "absent" is a region of its own.
    ///
    /// The CLI, the dashboard and the reports all call it with its defaults, so one question gets
    /// one answer whichever face asks it.
    ///
    /// - Parameters:
    ///   - seeds: The forest seeds averaged over.
    ///   - treeCount: The trees of each forest.
    ///   - sampleSize: The most runs used: of more runs with the objective, an even spread.
    /// - Returns: The importances, or why there are none (fewer than 4 runs with the objective, or nothing varies).
    public static func compute(
        _ runs: [Run], selection: MetricSelection, detection: SweepDetection = SweepDetection(),
        seeds: [UInt64] = standardSeeds,
        treeCount: Int = standardTreeCount, sampleSize: Int = sampleSize
    ) -> Result<ParameterImportance, NotComputable> {
        // Only the runs of the even spread are made into a table.
        let values = selection.values(in: runs)
        let scored = values.indices.filter { (try? values[$0].get()) != nil }
        let sample = scored.evenlySpaced(atMost: sampleSize)
        return compute(
            RunTable(sample.map { runs[$0] }), objectives: sample.compactMap { try? values[$0].get() },
            scoredRunCount: scored.count, selection: selection, detection: detection, seeds: seeds,
            treeCount: treeCount)
    }

    /// Computes the importances of the varying parameters of the runs of a table, given each run's
    /// objective or why it has none (``MetricSelection/values(in:)``): what
    /// ``compute(_:selection:detection:seeds:treeCount:sampleSize:)`` gives for the table's runs.
    public static func compute(
        _ table: RunTable, objectives: [Result<Double, NotComputable>], selection: MetricSelection,
        detection: SweepDetection = SweepDetection(), seeds: [UInt64] = standardSeeds,
        treeCount: Int = standardTreeCount, sampleSize: Int = sampleSize
    ) -> Result<ParameterImportance, NotComputable> {
        let scored = objectives.indices.filter { (try? objectives[$0].get()) != nil }
        let sample = scored.evenlySpaced(atMost: sampleSize)
        return compute(
            sample.count == table.count ? table : table.rows(sample),
            objectives: sample.compactMap { try? objectives[$0].get() }, scoredRunCount: scored.count,
            selection: selection, detection: detection, seeds: seeds,
            treeCount: treeCount)
    }

    /// The importances over the runs of `sample` and their objectives: the even spread of the
    /// `scoredRunCount` runs that have one.
    private static func compute(
        _ sample: RunTable, objectives: [Double], scoredRunCount: Int, selection: MetricSelection,
        detection: SweepDetection, seeds: [UInt64], treeCount: Int
    ) -> Result<ParameterImportance, NotComputable> {
        guard objectives.count >= 4 else {
            return .failure(
                NotComputable("importance needs at least 4 runs with \(selection.metric) (have \(objectives.count))"))
        }
        let columns = ParameterColumns(sample)
        let classification = detection.classify(columns)
        let keys = classification.varying
        guard !keys.isEmpty else { return .failure(NotComputable("no parameter varies across the runs")) }
        let encoded = keys.map { key in
            let column = columns.column(of: key)!
            return (
                column, FeatureEncoding(key: key, values: (0..<sample.count).map { columns.value(column, run: $0) })
            )
        }
        let x = objectives.indices.map { row in encoded.map { $1.encode(columns.value($0, run: row)) } }
        let y = objectives
        let lower = encoded.map(\.1.lower)
        let upper = encoded.map(\.1.upper)
        // One forest per seed, each grown on every core (its trees are shared out).
        let perSeed = seeds.map { seed in
            FunctionalANOVA.mainEffects(
                RegressionForest(x: x, y: y, treeCount: treeCount, seed: seed), lower: lower, upper: upper)
        }
        let pedAnova = PEDANOVA.importances(x: x, y: y, lower: lower, upper: upper, goal: selection.goal)
        let entries = keys.indices.map { index -> Entry in
            let values = perSeed.map { $0[index] }
            let mean = values.reduce(0, +) / Double(values.count)
            let spread =
                values.count > 1
                ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot() : 0
            return Entry(
                key: keys[index], encoding: encoded[index].1.kind, fanova: mean, fanovaSpread: spread,
                pedAnova: pedAnova[index])
        }.sorted { ($0.fanova, $1.key) > ($1.fanova, $0.key) }
        return .success(
            ParameterImportance(
                entries: entries, classification: classification, runCount: objectives.count,
                scoredRunCount: scoredRunCount,
                selection: selection, seeds: seeds))
    }
}

/// How one parameter's values become a number for the forest: its ``ParameterAxis`` in the axis's
/// units, with a missing value (a conditional parameter) a tenth of the span below the range.
struct FeatureEncoding {
    let axis: ParameterAxis
    let lower: Double
    let upper: Double
    private let missing: Double

    /// The encoding of a parameter from its value in each run (`nil` where a run lacks it).
    init(key: String, values: [Value?]) {
        axis = ParameterAxis(key: key, values: values)
        let range = axis.encodedRange
        missing = range.lowerBound - (range.upperBound - range.lowerBound) * 0.1
        lower = axis.hasMissing ? missing : range.lowerBound
        upper = range.upperBound
    }

    var key: String { axis.key }

    /// How the parameter was encoded: `numeric`, `log`, or `categorical`.
    var kind: String {
        switch axis.scale {
        case .linear: "numeric"
        case .logarithmic: "log"
        case .categorical: "categorical"
        }
    }

    func encode(_ value: Value?) -> Double {
        axis.encoded(value) ?? missing
    }
}

/// PED-ANOVA (Watanabe, Bansal & Hutter 2023): a parameter matters when its distribution among the
/// best runs (top γ' = 10%, the local space) differs from its distribution over all runs (the
/// global region, γ = 1), measured by the Pearson divergence between Parzen estimates of the two on
/// the parameter's range.
enum PEDANOVA {
    static func importances(x: [[Double]], y: [Double], lower: [Double], upper: [Double], goal: MetricGoal) -> [Double]
    {
        let order = y.indices.sorted { goal.prefers(y[$0], over: y[$1]) }
        let local = Array(order.prefix(max(2, Int(0.1 * Double(y.count)))))
        let global = order
        // The parameters one by one, on every core.
        let raw = Array(0..<(x.first?.count ?? 0)).concurrentMap { feature -> Double in
            let span = upper[feature] - lower[feature]
            func normalised(_ indices: [Int]) -> [Double] { indices.map { (x[$0][feature] - lower[feature]) / span } }
            let localValues = normalised(local)
            let globalValues = normalised(global)
            let bandwidth = max(0.05, 1.06 * standardDeviation(globalValues) * pow(Double(globalValues.count), -0.2))
            let localDensity = density(of: localValues, bandwidth: bandwidth)
            let globalDensity = density(of: globalValues, bandwidth: bandwidth)
            var divergence = 0.0
            for (l, g) in zip(localDensity, globalDensity) where g > 1e-12 {
                divergence += (l / g - 1) * (l / g - 1) * g / Double(gridSize)
            }
            return divergence
        }
        let total = raw.reduce(0, +)
        return raw.map { total > 0 ? $0 / total : 0 }
    }

    /// How many evenly spaced points of [0, 1] the densities are compared at.
    static let gridSize = 100

    /// The Parzen estimate of `values` (Gaussian kernels of width `bandwidth`) at the grid's points
    /// (k + ½) / ``gridSize``; values that are not finite are left out.
    ///
    /// From one grid point to the next a kernel changes by a factor that itself changes by a
    /// constant one: exp(−½(z + d)²) = exp(−½z²) · exp(−zd − ½d²). So each value costs four
    /// exponentials instead of one per point. The walk starts at the point nearest the value, where
    /// its kernel is largest, and goes both ways, so no kernel starts from a value that underflowed.
    static func density(of values: [Double], bandwidth: Double) -> [Double] {
        let count = gridSize
        var sums = [Double](repeating: 0, count: count)
        let step = 1 / Double(count) / bandwidth
        let decay = exp(-step * step)
        for value in values where value.isFinite {
            let nearest = Int(min(Double(count - 1), max(0, (value * Double(count)).rounded(.down))))
            let z = ((Double(nearest) + 0.5) / Double(count) - value) / bandwidth
            let peak = exp(-0.5 * z * z)
            sums[nearest] += peak
            var term = peak
            var ratio = exp(-z * step - 0.5 * step * step)
            for point in (nearest + 1)..<count {
                term *= ratio
                ratio *= decay
                sums[point] += term
            }
            term = peak
            ratio = exp(z * step - 0.5 * step * step)
            for point in (0..<nearest).reversed() {
                term *= ratio
                ratio *= decay
                sums[point] += term
            }
        }
        let finite = values.lazy.filter(\.isFinite).count
        let scale = 1 / (Double(max(1, finite)) * bandwidth * (2 * Double.pi).squareRoot())
        return sums.map { $0 * scale }
    }

    private static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }
}
