import Foundation
import HyperscopeCore

/// Where on a curve a metric is read: its last value, its best value, or the value at a point of an x-axis.
public enum CurvePoint: Sendable, Hashable, CustomStringConvertible {
    /// The last logged value (NaN values skipped).
    case last
    /// The best value under the metric's goal.
    case best
    /// The value logged at `axis = value` (`epoch=10`, `step=5000`).
    case axis(name: String, value: Double)

    /// Reads `last`, `best` or `AXIS=VALUE` (a finite value, on an axis not named `last` or `best`:
    /// `best=3` is a mistake, not a point).
    ///
    /// - Returns: The point, or `nil` when the text is none of those.
    public init?(parsing text: String) {
        switch text {
        case "last": self = .last
        case "best": self = .best
        default:
            guard let equals = text.firstIndex(of: "="), let value = Double(text[text.index(after: equals)...]),
                value.isFinite
            else { return nil }
            let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name != "last", name != "best", !name.contains("=") else { return nil }
            self = .axis(name: name, value: value)
        }
    }

    /// `last`, `best` or `epoch=10`.
    public var description: String {
        switch self {
        case .last: "last"
        case .best: "best"
        case .axis(let name, let value): "\(name)=\(NumberFormatting.metric(value, digits: 15))"
        }
    }
}

extension CurvePoint {
    /// Whether the point is read from a curve's summary (``last`` or ``best``) rather than at a point
    /// of an axis.
    public var readsSummary: Bool {
        if case .axis = self { return false }
        return true
    }
}

/// Which number of a run an analysis looks at: a metric, read at a point, with its goal.
public struct MetricSelection: Sendable, Hashable {
    /// The metric (`val/acc`).
    public var metric: MetricKey
    /// Where on its curve.
    public var point: CurvePoint
    /// Which way is better.
    public var goal: MetricGoal

    /// Creates a selection.
    public init(metric: MetricKey, point: CurvePoint = .last, goal: MetricGoal) {
        self.metric = metric
        self.point = point
        self.goal = goal
    }

    /// The selected value of a run, or why it has none.
    public func value(in run: Run) -> Result<Double, NotComputable> {
        guard let curve = run.curve(metric) else { return .failure(NotComputable("has no \(metric)")) }
        switch point {
        case .last, .best:
            return value(of: curve.summary(goal: goal))
        case .axis(let name, let target):
            guard let axis = curve.axis(named: name) else {
                return .failure(NotComputable("\(metric) was not logged against \(name)"))
            }
            guard let index = axis.lastIndex(of: target) else {
                let reached = axis.filter { !$0.isNaN }.max().map { NumberFormatting.metric($0) } ?? "nothing"
                return .failure(
                    NotComputable(
                        "\(metric) has no point at \(name)=\(NumberFormatting.metric(target)) (reached \(reached))"))
            }
            return .success(curve.values[index])
        }
    }

    /// The value a curve's summary gives at ``CurvePoint/last`` or ``CurvePoint/best``, or why it has none.
    private func value(of summary: MetricSummary) -> Result<Double, NotComputable> {
        guard let value = point == .last ? summary.last : summary.best else {
            return .failure(NotComputable("\(metric) has no finite value"))
        }
        return .success(value)
    }

    /// Whether the selection is read from a curve's summary (``CurvePoint/last`` or ``CurvePoint/best``),
    /// which a ``HyperscopeCore/RunTable`` keeps, rather than at a point of an axis.
    public var readsSummary: Bool { point.readsSummary }

    /// The selected value of each run of a table, or why it has none: what ``value(in:)`` gives for
    /// each run; `nil` when the selection reads a point of an axis (see ``readsSummary``), which
    /// the table does not keep.
    ///
    /// - Complexity: O(*runs*).
    public func values(in table: RunTable) -> [Result<Double, NotComputable>]? {
        guard readsSummary else { return nil }
        guard let column = table.metricColumn(metric) else {
            return Array(repeating: .failure(NotComputable("has no \(metric)")), count: table.count)
        }
        return (0..<table.count).map { row in
            guard let summary = column.summary(run: row, goal: goal) else {
                return .failure(NotComputable("has no \(metric)"))
            }
            return value(of: summary)
        }
    }

    /// The selected values of the runs at `positions` among `runs` (of all of them when `nil`), in
    /// that order, or why each has none: read in chunks on every core, since 100,000 runs' curves
    /// take tens of milliseconds one after another.
    public func values(in runs: [Run], at positions: [Int]? = nil) -> [Result<Double, NotComputable>] {
        concurrentPieces(of: positions?.count ?? runs.count) { range in
            range.map { value(in: runs[positions?[$0] ?? $0]) }
        }.flatMap { $0 }
    }
}
