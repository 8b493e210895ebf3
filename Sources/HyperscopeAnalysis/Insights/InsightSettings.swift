/// How hyperparameter insights are computed and grouped.
public struct InsightSettings: Sendable, Hashable {
    /// A named category of parameters (training, model, features, dataset) and the globs of its keys.
    public struct Category: Sendable, Hashable {
        /// The category's name.
        public var name: String
        /// Glob patterns of the parameter keys it holds.
        public var patterns: [String]

        /// Creates a category.
        public init(name: String, patterns: [String]) {
            self.name = name
            self.patterns = patterns
        }
    }

    /// How numeric parameters with many distinct values are binned.
    public enum Binning: String, Sendable, Hashable {
        /// Bins holding about equal numbers of runs.
        case quantile
        /// Bins of equal width on a log scale (positive values only; quantile otherwise).
        case log
    }

    /// The fraction of runs counted as good (the top γ on the objective).
    public var gamma: Double
    /// The categories, in display order; parameters in none go to `other`.
    public var categories: [Category]
    /// List-valued parameters whose items are scored one by one.
    public var explode: [String]
    /// Bin numeric parameters with more distinct values than this; `nil` keeps exact values.
    public var bins: Int?
    /// How to bin.
    public var binning: Binning
    /// The name the metric goes by in JSON keys (`recall` gives `avg_recall`); `nil` derives it.
    public var alias: String?

    /// The bins a numeric parameter with many values is cut into where values are shown for
    /// reading rather than exported: the dashboard's insights and a study report's. 100,000
    /// exact learning rates make neither a readable card nor a reasonable answer.
    public static let readableBins = 10

    /// Creates settings; the defaults follow DESIGN.md (γ = 0.30, exact values, no categories).
    public init(
        gamma: Double = 0.3, categories: [Category] = [], explode: [String] = [], bins: Int? = nil,
        binning: Binning = .quantile, alias: String? = nil
    ) {
        self.gamma = gamma
        self.categories = categories
        self.explode = explode
        self.bins = bins
        self.binning = binning
        self.alias = alias
    }

    /// The category of a parameter key: the first whose pattern matches, else `other`.
    public func category(of key: String) -> String {
        categories.first { $0.patterns.contains { Glob($0).matches(key) } }?.name ?? "other"
    }
}
