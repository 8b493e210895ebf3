/// The goal of every metric: what the user said (`--goal max`, `--goal val/loss=min`), else what
/// the stored studies say of their objectives' metrics (``recorded``), else what the metric's name
/// suggests (``MetricGoal/suggested(forMetricNamed:)``).
public struct MetricGoals: Sendable, Hashable {
    /// The goal for every metric, when the user gave one without a metric name.
    public var all: MetricGoal?
    /// Goals the user gave for particular metrics, by `split/metric`.
    public var byMetric: [String: MetricGoal]
    /// Goals recorded with the data, by `split/metric`: a search's objective is minimised or
    /// maximised whatever its name (``recorded(by:)``).
    package var recorded: [String: MetricGoal]

    /// Creates goals from explicit choices and recorded ones.
    public init(all: MetricGoal? = nil, byMetric: [String: MetricGoal] = [:], recorded: [String: MetricGoal] = [:]) {
        self.all = all
        self.byMetric = byMetric
        self.recorded = recorded
    }

    /// The goals studies record for their objectives' metrics; a metric two studies pursue in
    /// opposite directions has none.
    package static func recorded(by studies: [StudyRecord]) -> [String: MetricGoal] {
        var goals: [String: MetricGoal] = [:]
        var contested: Set<String> = []
        for objective in studies.flatMap(\.objectives) {
            let name = MetricKey(parsing: objective.metric).description
            if let earlier = goals[name], earlier != objective.goal { contested.insert(name) }
            goals[name] = objective.goal
        }
        for name in contested { goals[name] = nil }
        return goals
    }

    /// Reads `--goal` arguments: `max`, `min`, or `METRIC=max|min`.
    ///
    /// - Returns: The goals, or `nil` and the offending argument when one is not of that form.
    public static func parse(_ arguments: [String]) -> Result<MetricGoals, GoalSyntaxError> {
        var goals = MetricGoals()
        for argument in arguments {
            if let goal = MetricGoal(rawValue: argument) {
                goals.all = goal
            } else if let equals = argument.lastIndex(of: "="),
                let goal = MetricGoal(rawValue: String(argument[argument.index(after: equals)...]))
            {
                goals.byMetric[String(argument[..<equals])] = goal
            } else {
                return .failure(GoalSyntaxError(argument: argument))
            }
        }
        return .success(goals)
    }

    /// The goal of one metric.
    public func goal(for key: MetricKey) -> MetricGoal {
        byMetric[key.description] ?? all ?? recorded[key.description] ?? .suggested(forMetricNamed: key.metric)
    }
}

/// A `--goal` argument that is neither `max`, `min` nor `METRIC=max|min`.
public struct GoalSyntaxError: Error, Sendable, CustomStringConvertible {
    /// The argument as given.
    public var argument: String

    /// Names the argument and the accepted forms.
    public var description: String {
        "invalid goal '\(argument)': expected max, min, or METRIC=max|min (for example val/loss=min)"
    }

    /// Always ``ErrorCode/goalSyntax``.
    public var code: ErrorCode<GoalSyntaxError> { .goalSyntax }
}

extension ErrorCode where Domain == GoalSyntaxError {
    /// The argument is not a goal.
    public static var goalSyntax: Self { Self("goal-syntax") }
}
