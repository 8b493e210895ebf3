import HyperscopeAnalysis
import HyperscopeCore

/// Calibration reports as a table of figures (one column per report), a table of reliability bins,
/// and JSON.
public enum CalibrationRendering {
    /// A report with the name it is shown under (a split, or a split after temperature scaling).
    public struct Named: Sendable {
        /// The column title, such as `test` or `test, T = 1.42`.
        public var name: String
        /// The report.
        public var report: CalibrationReport
        /// The temperature the logits were divided by, when one was fitted.
        public var temperature: Double?
        /// The figures' bootstrap intervals, when they were computed.
        public var intervals: CalibrationIntervals?

        /// Names a report.
        public init(
            name: String, report: CalibrationReport, temperature: Double? = nil, intervals: CalibrationIntervals? = nil
        ) {
            self.name = name
            self.report = report
            self.temperature = temperature
            self.intervals = intervals
        }
    }

    /// A figure of a report and of its intervals.
    private typealias Figure = (
        title: String, key: String, value: @Sendable (CalibrationReport) -> Double,
        interval: @Sendable (CalibrationIntervals) -> ClosedRange<Double>
    )

    /// The figures in the order they are shown.
    private static let figures: [Figure] = [
        ("accuracy", "accuracy", \.accuracy, \.accuracy),
        ("NLL", "nll", \.negativeLogLikelihood, \.negativeLogLikelihood),
        ("Brier", "brier", \.brierScore, \.brierScore),
        ("ECE", "ece", \.expectedCalibrationError, \.expectedCalibrationError),
        ("adaptive ECE", "adaptive_ece", \.adaptiveCalibrationError, \.adaptiveCalibrationError),
        ("MCE", "mce", \.maximumCalibrationError, \.maximumCalibrationError),
        ("classwise ECE", "classwise_ece", \.classwiseCalibrationError, \.classwiseCalibrationError),
    ]

    /// The figures of each report side by side, each with its 95% interval when there is one.
    public static func table(_ reports: [Named]) -> TextTable {
        let rows = figures.map { figure in
            [figure.title]
                + reports.map { named in
                    let value = NumberFormatting.metric(figure.value(named.report))
                    guard let intervals = named.intervals else { return value }
                    let interval = figure.interval(intervals)
                    return value
                        + " [\(NumberFormatting.metric(interval.lowerBound)), \(NumberFormatting.metric(interval.upperBound))]"
                }
        }
        return TextTable(
            columns: [TextTable.Column("")] + reports.map { TextTable.Column($0.name, alignment: .right) },
            rows: [["examples"] + reports.map { String($0.report.count) }] + rows)
    }

    /// The reliability bins of one report: range, count, mean confidence, accuracy and gap.
    public static func binTable(_ report: CalibrationReport) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("confidence"), TextTable.Column("n", alignment: .right),
                TextTable.Column("mean confidence", alignment: .right), TextTable.Column("accuracy", alignment: .right),
                TextTable.Column("gap", alignment: .right),
            ],
            rows: report.bins.enumerated().map { index, bin in
                [
                    (index == 0 ? "[" : "(")
                        + "\(NumberFormatting.metric(bin.lower, digits: 3)), \(NumberFormatting.metric(bin.upper, digits: 3))]",
                    String(bin.count),
                    bin.count > 0 ? NumberFormatting.metric(bin.meanConfidence) : "–",
                    bin.count > 0 ? NumberFormatting.metric(bin.accuracy) : "–",
                    bin.count > 0 ? NumberFormatting.metric(bin.gap) : "–",
                ]
            })
    }

    /// `{"reports": [{"name", "temperature", "count", "accuracy", "nll", "brier", "ece", "adaptive_ece",
    /// "mce", "classwise_ece", "bins": [{"lower", "upper", "count", "mean_confidence", "accuracy",
    /// "gap"}]}]}`, an empty bin's figures NaN (written `null` by the CLI's JSON).
    public static func json(_ reports: [Named], problems: [IngestProblem] = []) -> Value {
        return .object([
            Value.Field(
                "reports",
                .list(
                    reports.map { named in
                        let report = named.report
                        return .object([
                            Value.Field("name", .string(named.name)),
                            Value.Field("temperature", named.temperature.map(Value.float) ?? .null),
                            Value.Field("count", .int(Int64(report.count))),
                            Value.Field("accuracy", .float(report.accuracy)),
                            Value.Field("nll", .float(report.negativeLogLikelihood)),
                            Value.Field("brier", .float(report.brierScore)),
                            Value.Field("ece", .float(report.expectedCalibrationError)),
                            Value.Field("adaptive_ece", .float(report.adaptiveCalibrationError)),
                            Value.Field("mce", .float(report.maximumCalibrationError)),
                            Value.Field("classwise_ece", .float(report.classwiseCalibrationError)),
                            Value.Field(
                                "ci95",
                                named.intervals.map { intervals in
                                    .object(
                                        figures.map { figure in
                                            let interval = figure.interval(intervals)
                                            return Value.Field(
                                                figure.key,
                                                .list([.float(interval.lowerBound), .float(interval.upperBound)]))
                                        })
                                } ?? .null),
                            Value.Field(
                                "bins",
                                .list(
                                    report.bins.map { bin in
                                        .object([
                                            Value.Field("lower", .float(bin.lower)),
                                            Value.Field("upper", .float(bin.upper)),
                                            Value.Field("count", .int(Int64(bin.count))),
                                            Value.Field("mean_confidence", .float(bin.meanConfidence)),
                                            Value.Field("accuracy", .float(bin.accuracy)),
                                            Value.Field("gap", .float(bin.gap)),
                                        ])
                                    })),
                        ])
                    })),
            Value.Field(
                "problems",
                .list(
                    problems.map { problem in
                        .object([
                            Value.Field("line", problem.line.map { .int(Int64($0)) } ?? .null),
                            Value.Field("reason", .string(problem.reason)),
                        ])
                    })),
        ])
    }
}
