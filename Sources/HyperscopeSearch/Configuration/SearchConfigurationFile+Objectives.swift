import HyperscopeAnalysis
import HyperscopeCore
import Yams

extension SearchConfigurationFile {
    /// Reads `objectives: [{metric: val/recall, goal: max}, {metric: train_time_s, goal: min, at: last}]`
    /// into `configuration`: the first objective becomes ``ObjectiveSettings/metric``, the others
    /// ``ObjectiveSettings/additionalObjectives``; then the strategy: `auto` (or none given) is
    /// ``SearchStrategy/automatic(objectives:)``'s choice, and a sampler of one objective (GP) or a
    /// pruner with several is an error.
    static func readObjectives(
        _ given: [String: (key: Node, value: Node)], into configuration: inout SearchConfiguration, reader: YAMLReader
    ) throws {
        if let node = given["objectives"]?.value {
            guard case .sequence(let items) = node, !items.isEmpty else {
                throw reader.error(
                    node, at: "objectives",
                    "expected a list of objectives, such as [{metric: val/recall, goal: max}, {metric: train_time_s, goal: min}]"
                )
            }
            if let metric = try objectiveMetricNode(given, reader: reader) {
                throw reader.error(
                    metric, at: "objective.metric",
                    "give the metric under objective: or the list under objectives:, not both")
            }
            var objectives: [ObjectiveMetric] = []
            for (index, item) in items.enumerated() {
                let keyPath = "objectives[\(index)]"
                let fields = try reader.fields(item, at: keyPath, allowed: ["metric", "goal", "at"])
                guard let metricNode = fields["metric"]?.value else {
                    throw reader.error(item, at: keyPath, "each objective needs metric: (and goal: max or min)")
                }
                var objective = ObjectiveMetric(
                    metric: try reader.valueText(metricNode, at: keyPath + ".metric"))
                if let goal = fields["goal"] {
                    objective.goal = try Self.goal(goal.value, at: keyPath + ".goal", reader: reader)
                }
                if let point = fields["at"] {
                    objective.point = try Self.point(point.value, at: keyPath + ".at", reader: reader)
                }
                if objectives.contains(where: { $0.metric == objective.metric }) {
                    throw reader.error(
                        metricNode, at: keyPath + ".metric", "\(objective.metric) is an objective already")
                }
                objectives.append(objective)
            }
            configuration.objective.metric = objectives[0].metric
            configuration.objective.goal = objectives[0].goal
            configuration.objective.point = objectives[0].point
            configuration.objective.additionalObjectives = Array(objectives.dropFirst())
        }
        let several = configuration.objective.objectives.count > 1
        let strategyNode = given["strategy"]?.value
        let named = try strategyNode.map { try reader.valueText($0, at: "strategy") }
        if named == nil || named?.lowercased() == "auto" {
            configuration.strategy = .automatic(objectives: configuration.objective.objectives.count)
        } else if let strategyNode {
            configuration.strategy = try strategy(strategyNode, at: "strategy", reader: reader)
        }
        guard several else { return }
        let count = configuration.objective.objectives.count
        if !configuration.strategy.sampler().handlesSeveralObjectives, let strategyNode {
            throw reader.error(
                strategyNode, at: "strategy",
                configuration.strategy.refusal(objectives: count)
            )
        }
        if configuration.pruner != nil, let pruner = given["pruner"] {
            throw reader.error(
                pruner.value, at: "pruner",
                "pruning compares one objective as trials run; a search of \(count) objectives runs every trial to its end (pruner: none)"
            )
        }
    }

    /// The node of `objective.metric`, when the objective gives one.
    private static func objectiveMetricNode(
        _ given: [String: (key: Node, value: Node)], reader: YAMLReader
    ) throws -> Node? {
        guard let objective = given["objective"]?.value, case .mapping = objective else { return nil }
        return try reader.fields(objective, at: "objective", allowed: objectiveKeys)["metric"]?.value
    }

    /// Reads `max` or `min` (also `maximize`, `minimise`, …).
    static func goal(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> MetricGoal {
        switch try reader.valueText(node, at: keyPath).lowercased() {
        case "max", "maximize", "maximise": return .maximize
        case "min", "minimize", "minimise": return .minimize
        default: throw reader.error(node, at: keyPath, "expected max or min")
        }
    }

    /// Reads a point of a curve: `last`, `best` or `AXIS=VALUE`.
    static func point(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> CurvePoint {
        let text = try reader.valueText(node, at: keyPath)
        guard let parsed = CurvePoint(parsing: text) else {
            throw reader.error(node, at: keyPath, "expected last, best or AXIS=VALUE such as epoch=10")
        }
        return parsed
    }
}
