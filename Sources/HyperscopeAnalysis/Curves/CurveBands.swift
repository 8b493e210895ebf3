import Foundation
import HyperscopeCore

/// One point of a group's mean curve: the x value, how many runs reach it, their mean, and the 95% CI.
public struct BandPoint: Sendable, Hashable {
    /// The x coordinate (epoch, step, …).
    public var x: Double
    /// The number of runs with a value at `x`.
    public var count: Int
    /// The mean value at `x`.
    public var mean: Double
    /// The 95% CI of the mean (Student t); `nil` where fewer than two runs reach `x`.
    public var interval: ClosedRange<Double>?
}

/// A group's mean curve with its confidence band.
public struct CurveBand: Sendable, Hashable {
    /// The grouping parameters' values.
    public var params: [String: Value?]
    /// A label such as `optim.name=adam, optim.lr=0.03`.
    public var label: String
    /// The ids of the runs in the group.
    public var runIDs: [Int64]
    /// The points in increasing x.
    public var points: [BandPoint]
}

/// Training dynamics by group: the mean curve and 95% CI band of a metric per combination of parameters.
public struct CurveBands: Sendable, Hashable {
    /// The metric plotted.
    public var metric: MetricKey
    /// The x-axis.
    public var xAxis: String
    /// The parameters the runs are grouped by.
    public var groupedBy: [String]
    /// One band per group, in the order of their labels.
    public var bands: [CurveBand]
    /// Runs that could not be placed, with the reason ("has no val/acc", "not logged against step").
    public var skipped: [IncompleteRun]

    /// Builds the bands.
    ///
    /// Points are aligned on exact x values; each run contributes its last value at an x it logged
    /// twice. The x-axis `index` means the point's position (0, 1, 2, …) for curves without a suitable axis.
    ///
    /// - Complexity: O(*points* log *points*).
    public init(runs: [Run], metric: MetricKey, groupedBy keys: [String], xAxis: String) {
        self.metric = metric
        self.xAxis = xAxis
        groupedBy = keys
        var skipped: [IncompleteRun] = []
        var bands: [CurveBand] = []
        for (combination, members) in RunGrouping.group(runs, by: keys) {
            var valuesByX: [Double: [Double]] = [:]
            var ids: [Int64] = []
            for run in members {
                guard let curve = run.curve(metric) else {
                    skipped.append(IncompleteRun(runID: run.id ?? 0, name: run.name, reason: "has no \(metric)"))
                    continue
                }
                let xs: [Double]
                if xAxis == "index" {
                    xs = curve.values.indices.map(Double.init)
                } else if let axis = curve.axis(named: xAxis) {
                    xs = axis
                } else {
                    skipped.append(
                        IncompleteRun(
                            runID: run.id ?? 0, name: run.name, reason: "\(metric) was not logged against \(xAxis)"))
                    continue
                }
                var lastAtX: [Double: Double] = [:]
                for (x, y) in zip(xs, curve.values) where !x.isNaN && y.isFinite { lastAtX[x] = y }
                for (x, y) in lastAtX { valuesByX[x, default: []].append(y) }
                ids.append(run.id ?? 0)
            }
            guard !ids.isEmpty else { continue }
            let points = valuesByX.keys.sorted().map { x -> BandPoint in
                let summary = SampleSummary(valuesByX[x]!)!
                return BandPoint(x: x, count: summary.count, mean: summary.mean, interval: summary.confidenceInterval95)
            }
            let label = zip(keys, combination).map { "\($0)=\($1?.displayText ?? "–")" }.joined(separator: ", ")
            bands.append(
                CurveBand(
                    params: Dictionary(uniqueKeysWithValues: zip(keys, combination)),
                    label: label.isEmpty ? "all runs" : label,
                    runIDs: ids, points: points))
        }
        self.bands = bands.sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
        self.skipped = skipped
    }
}
