import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest

/// Reads `predictions` artifacts into calibration metrics of their runs, named by the artifact's
/// split (else `test`): `ece`, `adaptive_ece`, `mce`, `classwise_ece`, `nll` and `brier`; with
/// logits and a `val` split in the file, also `temperature` (fitted on val by the NLL) and
/// `ece_after_temperature` and `nll_after_temperature`; and keeps the whole ``RunCalibration`` on the run
/// for the dashboard's run page and `hyperscope show`. It lives in the product module because it
/// needs both the prediction files (Ingest) and the figures (Analysis).
public struct CalibrationArtifactReader: ArtifactReader {
    /// Equal-width bins of the ECE figures.
    public var binCount: Int

    /// A reader with `binCount` bins (15, as `hyperscope calibrate`).
    public init(binCount: Int = 15) {
        self.binCount = binCount
    }

    /// See ``ArtifactReader/read(_:)``: the figures as metrics, and the whole ``RunCalibration`` (with the
    /// reliability bins and the triage) as the artifact's summary.
    public func read(_ artifact: RunArtifact) throws -> ArtifactReading {
        guard artifact.kind == "predictions" else { return ArtifactReading(metrics: []) }
        let file = try PredictionFile.read(path: artifact.path)
        let name = artifact.split ?? "test"
        guard let split = file.split(named: name) ?? (file.splits.count == 1 ? file.splits[0] : nil) else {
            throw NotComputable(
                "\(artifact.path) has no \(name) split (it has \(file.splits.map(\.name).joined(separator: ", ")))")
        }
        let calibration = try PredictionCalibration.runCalibration(of: split, in: file, binCount: binCount)
        let report = calibration.report
        var figures: [(String, Double)] = [
            ("ece", report.expectedCalibrationError), ("adaptive_ece", report.adaptiveCalibrationError),
            ("mce", report.maximumCalibrationError), ("classwise_ece", report.classwiseCalibrationError),
            ("nll", report.negativeLogLikelihood), ("brier", report.brierScore),
        ]
        if let temperature = calibration.temperature, let after = calibration.afterTemperature {
            figures += [
                ("temperature", temperature), ("ece_after_temperature", after.expectedCalibrationError),
                ("nll_after_temperature", after.negativeLogLikelihood),
            ]
        }
        return ArtifactReading(
            metrics: figures.map { MetricCurve(key: MetricKey(split: name, metric: $0.0), values: [$0.1]) },
            summary: calibration.value)
    }
}

extension CalibrationArtifactReader {
    /// `run` with the predictions file at `path` attached (`hyperscope calibrate --run`): its figures
    /// as metrics of the run and its whole calibration kept, as if its log had named the file; kept when
    /// the log is ingested again.
    ///
    /// - Parameter split: The split measured; `nil` for `test`, or the file's only split.
    /// - Throws: What reading the file throws: ``SourceReadError``, ``NotComputable``.
    public func attaching(predictionsAt path: String, split: String?, to run: Run) throws -> Run {
        let entry = RunArtifact.attachedEntry(kind: "predictions", path: path, split: split)
        guard let artifact = RunArtifact(entry, loggedBy: run.source) else { return run }
        var run = run
        run.attach(entry, reading: try read(artifact))
        return run
    }
}
