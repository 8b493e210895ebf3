import HyperscopeCore

/// How much a value's score can be trusted, from how many runs it rests on.
public enum InsightConfidence: String, Sendable, Hashable {
    /// Five runs or more.
    case high
    /// Three or four runs.
    case medium
    /// One or two runs.
    case low

    /// The confidence for `count` runs.
    public init(count: Int) {
        self = count >= 5 ? .high : (count >= 3 ? .medium : .low)
    }
}

/// What the runs say about one value of one parameter.
public struct ValueInsight: Sendable, Hashable {
    /// The value as shown (`adam`, `0.001`, `[0.001, 0.01)`, `customer_id 64D`, or
    /// ``notSetLabel`` for the runs that lack the parameter).
    public var label: String {
        get { storedLabel ?? rawValue?.displayText ?? "" }
        set { storedLabel = Self.stored(newValue, of: rawValue) }
    }
    /// The label when it is not the value's own text (``Value/displayText``), which is written only
    /// when read: a table of exact values never reads most of 776,000 sampled floats' texts. Kept
    /// `nil` whenever the label is that text, so equal insights compare equal.
    private var storedLabel: String?
    /// The value itself (for a bin, its lower edge; for a list item, the item); `nil` for the runs
    /// that lack the parameter.
    public var rawValue: Value?
    /// Runs with the value.
    public var count: Int
    /// Of those, runs in the good set.
    public var goodCount: Int
    /// The Laplace-smoothed density ratio ((n_good + 1)/(n + 2)) / ((n_bad + 1)/(n + 2)).
    public var score: Double
    /// The mean objective of the runs with the value.
    public var meanObjective: Double
    /// The best objective among them.
    public var bestObjective: Double
    /// How far the score can be trusted.
    public var confidence: InsightConfidence

    /// Runs with the value outside the good set.
    public var badCount: Int { count - goodCount }

    /// The label to keep: `nil` when it is the value's own text.
    private static func stored(_ label: String, of value: Value?) -> String? {
        label == value?.displayText ? nil : label
    }

    /// A value's insight; a `label` of `nil` is the value's own text.
    init(
        label: String?, rawValue: Value?, count: Int, goodCount: Int, score: Double, meanObjective: Double,
        bestObjective: Double, confidence: InsightConfidence
    ) {
        self.storedLabel = label.flatMap { Self.stored($0, of: rawValue) }
        self.rawValue = rawValue
        self.count = count
        self.goodCount = goodCount
        self.score = score
        self.meanObjective = meanObjective
        self.bestObjective = bestObjective
        self.confidence = confidence
    }

    /// The label of the runs that lack the parameter: they are scored as a value of their own, so a
    /// parameter only some runs set tells whether setting it goes with good results.
    public static let notSetLabel = "not set"
}

/// The insights of one parameter: its values, best score first.
public struct ParameterInsight: Sendable, Hashable {
    /// The parameter key (`optim.lr`).
    public var key: String
    /// Its category.
    public var category: String
    /// Whether the values are list items scored one by one.
    public var exploded: Bool
    /// The values, by descending score, then count.
    public var values: [ValueInsight]
    /// The parameter's other names: keys whose values correspond one to one with it (`optim.lr`
    /// for `lr`), scored once under ``key``.
    public var aliases: [String] = []
    /// Whether every value with a raw value is labelled with that value's own text (exact values:
    /// neither bins nor list items), so a reader need not write each value again to know it.
    package var labelsAreValues = false

    /// ` (= optim.lr)` when the parameter has other names, else empty.
    public var aliasSuffix: String {
        ParameterFactor.aliasSuffix(aliases)
    }
}

/// The answer to "which hyperparameter values go with good results, and how sure are we?"
///
/// Runs are split by the objective into the top γ ("good", at least one run, ties at the threshold
/// counted good) and the rest; each value's score is the ratio of its Laplace-smoothed frequency
/// among good runs to that among bad ones, in the spirit of TPE's l(x)/g(x) (Bergstra et al. 2011).
public struct InsightReport: Sendable, Hashable {
    /// The objective value that separates good runs from the rest.
    public var goodThreshold: Double
    /// The runs with an objective.
    public var totalRuns: Int
    /// The runs counted good.
    public var goodRuns: Int
    /// The parameters, grouped by category in the settings' order (`other` last).
    public var parameters: [ParameterInsight]
    /// The selection the objective came from.
    public var selection: MetricSelection
    /// Runs without an objective, and why.
    public var skipped: [IncompleteRun]
}
