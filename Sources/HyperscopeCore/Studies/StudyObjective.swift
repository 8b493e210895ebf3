/// One thing a study optimises: a metric and which way is better. A multi-objective study has several
/// (`val/recall` up, `train_time_s` down) and looks for the best trade-offs between them.
public struct StudyObjective: Sendable, Hashable {
    /// The metric (a key of the command's JSON lines, `val/recall`).
    public var metric: String
    /// Whether larger or smaller values are better.
    public var goal: MetricGoal

    /// Creates an objective.
    public init(metric: String, goal: MetricGoal) {
        self.metric = metric
        self.goal = goal
    }

    /// The stored form: `[{"metric": "val/recall", "goal": "max"}, …]`.
    package static func value(of objectives: [StudyObjective]) -> Value {
        .list(
            objectives.map {
                .object([Value.Field("metric", .string($0.metric)), Value.Field("goal", .string($0.goal.rawValue))])
            })
    }

    /// Reads the stored form back; `nil` when `value` is not one.
    package static func objectives(from value: Value) -> [StudyObjective]? {
        guard case .list(let items) = value else { return nil }
        let objectives = items.compactMap { item -> StudyObjective? in
            guard let metric = item["metric"]?.stringValue,
                let goal = item["goal"]?.stringValue.flatMap(MetricGoal.init)
            else { return nil }
            return StudyObjective(metric: metric, goal: goal)
        }
        return objectives.count == items.count ? objectives : nil
    }
}
