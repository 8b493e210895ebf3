import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest

/// The calibration of a prediction file's splits: the one place `hyperscope calibrate` and the
/// artifact reader of ingestion ask. It lives in the product module because it needs both the
/// prediction files (Ingest) and the figures (Analysis).
public enum PredictionCalibration {
    /// A split's examples as predictions: each example's passes averaged (through a softmax when
    /// the file gives logits).
    public static func predictions(of split: PredictionFile.Split, in file: PredictionFile) throws -> ClassPredictions {
        let probabilities = split.samples.map {
            ClassPredictions.meanPrediction(ofPasses: $0, logits: file.kind == .logits)
        }
        return try ClassPredictions(probabilities: probabilities, labels: split.labels)
    }

    /// A split's predictions before and after dividing its logits by a temperature fitted on the
    /// file's `val` split.
    public struct Scaled: Sendable {
        /// The fitted temperature.
        public let temperature: Double
        /// The split's predictions as given.
        public let before: ClassPredictions
        /// The split's predictions with the logits divided by ``temperature``.
        public let after: ClassPredictions
    }

    /// Fits the temperature on `file`'s `val` split by `objective` and scales `split` by it.
    ///
    /// - Throws: ``NotComputable`` when the file gives probabilities, has no `val` split, or has
    ///   several stochastic passes for an example.
    public static func temperatureScaled(
        _ split: PredictionFile.Split, in file: PredictionFile, objective: TemperatureScaling.Objective = .nll,
        binCount: Int = 15
    ) throws -> Scaled {
        guard file.kind == .logits else {
            throw NotComputable("temperature scaling needs logits; the file gives probabilities")
        }
        guard let validation = file.split(named: "val"), split.name != "val" else {
            let named = file.splits.map(\.name).joined(separator: ", ")
            throw NotComputable(
                "temperature scaling needs a val split to fit on besides the one reported; the file has: \(named)")
        }
        guard (validation.samples + split.samples).allSatisfy({ $0.count == 1 }) else {
            throw NotComputable(
                "temperature scaling needs one logit vector per example; the file has stochastic passes")
        }
        let temperature = TemperatureScaling.fitted(
            logits: validation.samples.map { $0[0] }, labels: validation.labels, objective: objective,
            binCount: binCount)
        let logits = split.samples.map { $0[0] }
        return Scaled(
            temperature: temperature, before: try ClassPredictions(logits: logits, labels: split.labels),
            after: try ClassPredictions(logits: logits, labels: split.labels, temperature: temperature))
    }

    /// The uncertainty of a split whose examples have several stochastic passes (each pass through a
    /// softmax when the file gives logits); `nil` when every example has one.
    public static func passUncertainty(
        of split: PredictionFile.Split, in file: PredictionFile,
        thresholds: PassUncertainty.Thresholds = PassUncertainty.Thresholds()
    ) -> PassUncertainty? {
        guard split.samples.contains(where: { $0.count > 1 }) else { return nil }
        let passes = split.samples.map { example in
            file.kind == .logits ? example.map { ClassPredictions.softmax($0) } : example
        }
        return PassUncertainty(passes: passes, labels: split.labels, thresholds: thresholds)
    }

    /// Everything kept on a run about one split of its predictions: the report, the temperature and the
    /// report after it when the file allows one (logits, a val split, one pass each), and the triage
    /// when there are stochastic passes.
    public static func runCalibration(
        of split: PredictionFile.Split, in file: PredictionFile, binCount: Int = 15
    ) throws -> RunCalibration {
        var calibration = RunCalibration(
            split: split.name, report: CalibrationReport(try predictions(of: split, in: file), binCount: binCount))
        if let scaled = try? temperatureScaled(split, in: file, binCount: binCount) {
            calibration.temperature = scaled.temperature
            calibration.afterTemperature = CalibrationReport(scaled.after, binCount: binCount)
        }
        calibration.triage = passUncertainty(of: split, in: file)?.triage
        return calibration
    }
}
