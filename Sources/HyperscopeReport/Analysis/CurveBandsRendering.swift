import HyperscopeAnalysis
import HyperscopeCore

/// Renders ``CurveBands``: a chart value for SVG, a long table (one row per group and x), and JSON.
public enum CurveBandsRendering {
    /// The chart of the mean curves with their 95% CI bands.
    public static func chart(_ bands: CurveBands, logX: Bool = false, logY: Bool = false) -> LineChart {
        LineChart(
            title:
                "\(bands.metric) by \(bands.groupedBy.isEmpty ? "run group" : bands.groupedBy.joined(separator: ", ")) (mean ± 95% CI)",
            xLabel: bands.xAxis, yLabel: bands.metric.description,
            series: bands.bands.map { band in
                LineChart.Series(
                    name: "\(band.label) (n=\(band.runIDs.count))",
                    points: band.points.map { LineChart.Point(x: $0.x, y: $0.mean) },
                    band: band.points.compactMap { point in
                        point.interval.map {
                            LineChart.BandSegment(x: point.x, low: $0.lowerBound, high: $0.upperBound)
                        }
                    })
            },
            logX: logX, logY: logY)
    }

    /// One row per group and x: group, x, n, mean, CI low, CI high.
    public static func table(_ bands: CurveBands) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("group"), TextTable.Column(bands.xAxis, alignment: .right),
                TextTable.Column("n", alignment: .right),
                TextTable.Column("mean", alignment: .right), TextTable.Column("95% CI", alignment: .right),
            ],
            rows: bands.bands.flatMap { band in
                band.points.map { point in
                    [
                        band.label, NumberFormatting.metric(point.x, digits: 8), String(point.count),
                        NumberFormatting.metric(point.mean),
                        point.interval.map {
                            "[\(NumberFormatting.metric($0.lowerBound)), \(NumberFormatting.metric($0.upperBound))]"
                        } ?? "–",
                    ]
                }
            })
    }

    /// `{"metric", "x", "by", "groups": [{"label", "params", "runs", "points": [{"x", "n", "mean", "ci95"}]}],
    /// "skipped"}`.
    public static func json(_ bands: CurveBands) -> Value {
        .object([
            Value.Field("metric", .string(bands.metric.description)),
            Value.Field("x", .string(bands.xAxis)),
            Value.Field("by", .list(bands.groupedBy.map(Value.string))),
            Value.Field(
                "groups",
                .list(
                    bands.bands.map { band in
                        .object([
                            Value.Field("label", .string(band.label)),
                            Value.Field(
                                "params",
                                .object(bands.groupedBy.map { Value.Field($0, (band.params[$0] ?? nil) ?? .null) })),
                            Value.Field("runs", .list(band.runIDs.map(Value.int))),
                            Value.Field(
                                "points",
                                .list(
                                    band.points.map { point in
                                        .object([
                                            Value.Field("x", .float(point.x)),
                                            Value.Field("n", .int(Int64(point.count))),
                                            Value.Field("mean", .float(point.mean)),
                                            Value.Field(
                                                "ci95",
                                                point.interval.map {
                                                    .list([.float($0.lowerBound), .float($0.upperBound)])
                                                } ?? .null),
                                        ])
                                    })),
                        ])
                    })),
            Value.Field(
                "skipped",
                .list(
                    bands.skipped.map { run in
                        .object([
                            Value.Field("id", .int(run.runID)), Value.Field("name", .string(run.name)),
                            Value.Field("reason", .string(run.reason)),
                        ])
                    })),
        ])
    }
}
