import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest

/// Reads `predictions` artifacts into calibration metrics of their runs, named by the artifact's
/// split (else `test`): `ece`, `adaptive_ece`, `mce`, `classwise_ece`, `nll` and `brier`; with
/// logits and a `val` split in the file, also `temperature` (fitted on val by the NLL) and
/// `ece_after_temperature` and `nll_after_temperature`. It lives in the product module because it
/// needs both the prediction files (Ingest) and the figures (Analysis).
public struct CalibrationArtifactReader: ArtifactReader {
    /// Equal-width bins of the ECE figures.
    public var binCount: Int

    /// A reader with `binCount` bins (15, as `hyperscope calibrate`).
    public init(binCount: Int = 15) {
        self.binCount = binCount
    }

    /// See ``ArtifactReader/metrics(of:)``.
    public func metrics(of artifact: RunArtifact) throws -> [MetricCurve] {
        guard artifact.kind == "predictions" else { return [] }
        let file = try PredictionFile.read(path: artifact.path)
        let name = artifact.split ?? "test"
        guard let split = file.split(named: name) ?? (file.splits.count == 1 ? file.splits[0] : nil) else {
            throw NotComputable(
                "\(artifact.path) has no \(name) split (it has \(file.splits.map(\.name).joined(separator: ", ")))")
        }
        let report = CalibrationReport(try PredictionCalibration.predictions(of: split, in: file), binCount: binCount)
        var figures: [(String, Double)] = [
            ("ece", report.expectedCalibrationError), ("adaptive_ece", report.adaptiveCalibrationError),
            ("mce", report.maximumCalibrationError), ("classwise_ece", report.classwiseCalibrationError),
            ("nll", report.negativeLogLikelihood), ("brier", report.brierScore),
        ]
        // The temperature figures when the file allows them (logits, a val split, one pass each).
        if let scaled = try? PredictionCalibration.temperatureScaled(split, in: file, binCount: binCount) {
            let after = CalibrationReport(scaled.after, binCount: binCount)
            figures += [
                ("temperature", scaled.temperature), ("ece_after_temperature", after.expectedCalibrationError),
                ("nll_after_temperature", after.negativeLogLikelihood),
            ]
        }
        return figures.map { MetricCurve(key: MetricKey(split: name, metric: $0.0), values: [$0.1]) }
    }
}
