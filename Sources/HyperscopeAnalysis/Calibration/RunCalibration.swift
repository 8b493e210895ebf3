import HyperscopeCore

/// What a run's predictions say about its calibration, kept on the run when its log is ingested so
/// that every face (the dashboard's run page, `hyperscope show`) shows it without the predictions file:
/// the split's report with its reliability bins, the report after temperature scaling when one was
/// fitted, and the triage of stochastic passes when there were several.
public struct RunCalibration: Sendable, Hashable {
    /// The split measured, such as `test`.
    public var split: String
    /// The split as predicted.
    public var report: CalibrationReport
    /// The temperature fitted on the val split, when the file allowed one.
    public var temperature: Double?
    /// The split with its logits divided by ``temperature``.
    public var afterTemperature: CalibrationReport?
    /// The triage of the examples' stochastic passes, when they had several.
    public var triage: PassUncertainty.Triage?

    /// Creates a run's calibration.
    package init(
        split: String, report: CalibrationReport, temperature: Double? = nil,
        afterTemperature: CalibrationReport? = nil, triage: PassUncertainty.Triage? = nil
    ) {
        self.split = split
        self.report = report
        self.temperature = temperature
        self.afterTemperature = afterTemperature
        self.triage = triage
    }

    /// The calibration kept for each predictions file of `run` (named by its log or attached), with the file.
    public static func stored(in run: Run) -> [(artifact: RunArtifact, calibration: RunCalibration)] {
        RunArtifact.artifacts(of: run).compactMap { artifact in
            guard artifact.kind == "predictions", let calibration = artifact.summary.flatMap(RunCalibration.init)
            else { return nil }
            return (artifact, calibration)
        }
    }

    /// The stored form: `{"split", "report", "temperature", "after_temperature", "triage"}`, each report
    /// `{"n", "accuracy", "nll", "brier", "ece", "adaptive_ece", "mce", "classwise_ece", "bins"}` with
    /// each bin `[lower, upper, count, mean confidence, accuracy]` (null for an empty bin's means).
    public var value: Value {
        var fields = [Value.Field("split", .string(split)), Value.Field("report", Self.value(of: report))]
        if let temperature { fields.append(Value.Field("temperature", .float(temperature))) }
        if let afterTemperature { fields.append(Value.Field("after_temperature", Self.value(of: afterTemperature))) }
        if let triage { fields.append(Value.Field("triage", Self.value(of: triage))) }
        return .object(fields)
    }

    /// Reads the stored form back; `nil` when `value` is not one.
    public init?(value: Value) {
        guard let split = value["split"]?.stringValue, let report = value["report"].flatMap(Self.report) else {
            return nil
        }
        self.split = split
        self.report = report
        temperature = value["temperature"]?.numericValue
        afterTemperature = value["after_temperature"].flatMap(Self.report)
        triage = value["triage"].flatMap(Self.triage)
    }

    private static func number(_ value: Double) -> Value { value.isNaN ? .null : .float(value) }

    private static func value(of report: CalibrationReport) -> Value {
        .object([
            Value.Field("n", .int(Int64(report.count))), Value.Field("accuracy", number(report.accuracy)),
            Value.Field("nll", number(report.negativeLogLikelihood)), Value.Field("brier", number(report.brierScore)),
            Value.Field("ece", number(report.expectedCalibrationError)),
            Value.Field("adaptive_ece", number(report.adaptiveCalibrationError)),
            Value.Field("mce", number(report.maximumCalibrationError)),
            Value.Field("classwise_ece", number(report.classwiseCalibrationError)),
            Value.Field(
                "bins",
                .list(
                    report.bins.map { bin in
                        .list([
                            .float(bin.lower), .float(bin.upper), .int(Int64(bin.count)), number(bin.meanConfidence),
                            number(bin.accuracy),
                        ])
                    })),
        ])
    }

    private static func report(_ value: Value) -> CalibrationReport? {
        func figure(_ key: String) -> Double { value[key]?.numericValue ?? .nan }
        guard let count = value["n"]?.numericValue, case .list(let listed)? = value["bins"] else { return nil }
        var bins: [CalibrationBin] = []
        for case .list(let items) in listed where items.count == 5 {
            guard let lower = items[0].numericValue, let upper = items[1].numericValue,
                let binCount = items[2].numericValue
            else { return nil }
            bins.append(
                CalibrationBin(
                    lower: lower, upper: upper, count: Int(binCount), meanConfidence: items[3].numericValue ?? .nan,
                    accuracy: items[4].numericValue ?? .nan))
        }
        return CalibrationReport(
            count: Int(count), accuracy: figure("accuracy"), negativeLogLikelihood: figure("nll"),
            brierScore: figure("brier"), expectedCalibrationError: figure("ece"),
            adaptiveCalibrationError: figure("adaptive_ece"), maximumCalibrationError: figure("mce"),
            classwiseCalibrationError: figure("classwise_ece"), bins: bins)
    }

    private static func value(of triage: PassUncertainty.Triage) -> Value {
        .object([
            Value.Field(
                "buckets",
                .list(
                    triage.buckets.map { summary in
                        .object([
                            Value.Field("bucket", .string(summary.bucket.rawValue)),
                            Value.Field("count", .int(Int64(summary.count))),
                            Value.Field("accuracy", number(summary.accuracy)),
                        ])
                    })),
            Value.Field("spread_auroc", triage.spreadAUROC.map(Value.float) ?? .null),
            Value.Field("spread_auroc_p", triage.spreadAUROCp.map(Value.float) ?? .null),
        ])
    }

    private static func triage(_ value: Value) -> PassUncertainty.Triage? {
        guard case .list(let listed)? = value["buckets"] else { return nil }
        let buckets = listed.compactMap { item -> PassUncertainty.BucketSummary? in
            guard let name = item["bucket"]?.stringValue, let bucket = PassUncertainty.Bucket(rawValue: name),
                let count = item["count"]?.numericValue
            else { return nil }
            return PassUncertainty.BucketSummary(
                bucket: bucket, count: Int(count), accuracy: item["accuracy"]?.numericValue ?? .nan)
        }
        return PassUncertainty.Triage(
            buckets: buckets, spreadAUROC: value["spread_auroc"]?.numericValue,
            spreadAUROCp: value["spread_auroc_p"]?.numericValue)
    }
}

extension CalibrationReport {
    /// A report of figures measured before (read back from a run's stored calibration).
    init(
        count: Int, accuracy: Double, negativeLogLikelihood: Double, brierScore: Double,
        expectedCalibrationError: Double, adaptiveCalibrationError: Double, maximumCalibrationError: Double,
        classwiseCalibrationError: Double, bins: [CalibrationBin]
    ) {
        self.count = count
        self.accuracy = accuracy
        self.negativeLogLikelihood = negativeLogLikelihood
        self.brierScore = brierScore
        self.expectedCalibrationError = expectedCalibrationError
        self.adaptiveCalibrationError = adaptiveCalibrationError
        self.maximumCalibrationError = maximumCalibrationError
        self.classwiseCalibrationError = classwiseCalibrationError
        self.bins = bins
    }
}
