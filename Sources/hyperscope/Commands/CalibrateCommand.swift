import ArgumentParser
import Foundation
import Hyperscope

extension PassUncertainty.Bucket: ExpressibleByArgument {}

extension TemperatureScaling.Objective: ExpressibleByArgument {}

/// `hyperscope calibrate`: how well a classifier's confidence matches how often it is right.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure a classifier's calibration from a predictions file: ECE, NLL, Brier, temperature scaling.",
        discussion: """
            FILE holds one example per row (JSON lines, CSV or a .json document) with its label and its class \
            probabilities (probs) or logits, and optionally split (val, test), id and sample (several stochastic \
            passes of one example are averaged). Rows that cannot be used are listed and left out.

            Each split gets accuracy, NLL, Brier score, ECE over equal-width bins (bin b of M holds confidences \
            in (b/M, (b+1)/M], the first also 0) and over equal-count bins, MCE, classwise ECE and the \
            reliability bins. With logits, --fit-temperature fits the temperature on the val split (minimising \
            the NLL, as Guo et al. 2017) and reports the test split before and after dividing by it.

            Examples:
              hyperscope calibrate preds.jsonl
              hyperscope calibrate logits.jsonl --fit-temperature --bins 10 --svg reliability.svg
              hyperscope calibrate mc-dropout.jsonl --html calibration.html --examples needs-review
              hyperscope calibrate runs/7/test-preds.jsonl --run 7     # test/ece, test/nll, … become metrics of run 7
            """)

    @Argument(help: ArgumentHelp("The predictions file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "Equal-width bins of the confidence.")
    var bins: Int = 15

    @Flag(
        name: .customLong("fit-temperature"),
        help: "Fit the temperature on the val split; report test before and after.")
    var fitTemperature = false

    @Option(name: .long, help: "What --fit-temperature minimises on val: nll (Guo et al.) or ece (a grid of 0.05…10).")
    var objective: TemperatureScaling.Objective = .nll

    @Option(name: .long, help: "Bootstrap resamples of the examples for each figure's 95% interval (0: none).")
    var resamples: Int = 1_000

    @Option(name: .long, help: "The bootstrap's seed: the same seed gives the same intervals.")
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Also write the reliability diagram as SVG.", valueName: "file"))
    var svg: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write a standalone HTML report: the figures with their intervals, the diagram, the bins, the triage.",
            valueName: "file"))
    var html: String?

    @Option(
        name: .long,
        help: ArgumentHelp("List the examples of a triage bucket.", valueName: "auto-approve|spot-check|needs-review"))
    var examples: PassUncertainty.Bucket?

    @Option(name: .customLong("approve-confidence"), help: "Triage: the least mean confidence to auto-approve.")
    var approveConfidence = 0.90

    @Option(name: .customLong("approve-spread"), help: "Triage: auto-approve only below this spread of the passes.")
    var approveSpread = 0.25

    @Option(name: .customLong("review-spread"), help: "Triage: needs review above this spread of the passes.")
    var reviewSpread = 0.35

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Store the test split's figures as metrics of this run (an id, name or source path), kept when its log is ingested again.",
            valueName: "run"))
    var run: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if bins < 1 { throw ValidationError("--bins must be at least 1") }
        if resamples < 0 { throw ValidationError("--resamples must be 0 or more") }
    }

    func run() async throws {
        let predictions: PredictionFile
        do {
            predictions = try PredictionFile.read(path: file)
        } catch let error as SourceReadError {
            throw CommandFailure(
                error.reason, status: error.isAccessFailure ? ExitStatus.failure : ExitStatus.invalidInput)
        }
        if !predictions.problems.isEmpty {
            let shown = predictions.problems.prefix(10).map {
                "  \($0.line.map { "line \($0)" } ?? file): \($0.reason)"
            }
            let more = predictions.problems.count > 10 ? ["  … and \(predictions.problems.count - 10) more"] : []
            StandardError.write(
                "note: \(predictions.problems.count) row(s) of \(file) left out:\n"
                    + (shown + more).joined(separator: "\n") + "\n")
        }
        let reports = try fitTemperature ? temperatureReports(predictions) : splitReports(predictions)
        if let svg { try Output.emit(ReliabilityDiagramSVG.render(reports), to: svg) }
        let uncertainties = fitTemperature ? [] : passUncertainties(predictions)
        if examples != nil, uncertainties.isEmpty {
            throw CommandFailure(
                "--examples needs stochastic passes (several rows of one id, or probs as a list of lists); \(file) has one per example",
                status: ExitStatus.invalidInput)
        }
        if let html {
            let document = CalibrationHTML.document(
                title: "Calibration of \(URL(fileURLWithPath: file).lastPathComponent)", reports: reports,
                triages: uncertainties.map { ($0.0, $0.2.triage) }, problems: predictions.problems)
            try Output.emit(document, to: html)
        }
        let binTables = reports.map {
            "\nReliability bins, \($0.name):\n"
                + CalibrationRendering.binTable($0.report).renderText(style: output.style)
        }
        let uncertaintyText = uncertainties.map { split, ids, uncertainty in
            "\nUncertainty of the stochastic passes, \(split):\n"
                + UncertaintyRendering.bucketTable(uncertainty.triage).renderText(style: output.style)
                + UncertaintyRendering.separationLine(uncertainty.triage) + "\n"
                + (examples.map {
                    "\n\($0.rawValue):\n"
                        + UncertaintyRendering.examplesTable(uncertainty, ids: ids, bucket: $0).renderText(
                            style: output.style)
                } ?? "")
        }
        if let run { try await store(on: run) }
        try output.emit(
            table: CalibrationRendering.table(reports),
            json: {
                guard case .object(var fields) = CalibrationRendering.json(reports, problems: predictions.problems)
                else {
                    return .null
                }
                fields.append(
                    Value.Field(
                        "uncertainty",
                        .object(
                            uncertainties.map { split, ids, uncertainty in
                                Value.Field(split, UncertaintyRendering.json(uncertainty, ids: ids, listed: examples))
                            })))
                return .object(fields)
            },
            footer: binTables.joined() + uncertaintyText.joined())
    }

    /// Attaches the file to a stored run: its figures become the run's metrics (`test/ece`, …).
    private func store(on reference: String) async throws {
        let database = try store.openStore()
        guard let found = try await RunLookup.find(reference, in: database) else {
            throw CommandFailure(
                "--run: no run '\(reference)' in \(store.databasePath): give an id, name or source path from `hyperscope runs`",
                status: ExitStatus.invalidInput)
        }
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        let updated: Run
        do {
            updated = try CalibrationArtifactReader(binCount: bins).attaching(
                predictionsAt: path, split: nil, to: found)
        } catch let why as NotComputable {
            throw CommandFailure("--run: \(file): \(why.reason)", status: ExitStatus.invalidInput)
        }
        try await database.update(updated)
        let stored = updated.curves.filter { !found.curves.contains($0) }.map(\.key.description)
        StandardError.write(
            "stored on run \(updated.id.map(String.init) ?? "?") (\(updated.name)): "
                + (stored.isEmpty ? "the same figures as before" : stored.sorted().joined(separator: ", "))
                + "; kept when its log is ingested again\n")
    }

    /// One report per split, each example's passes averaged.
    private func splitReports(_ predictions: PredictionFile) throws -> [CalibrationRendering.Named] {
        try predictions.splits.map { split in
            let examples = try PredictionCalibration.predictions(of: split, in: predictions)
            return CalibrationRendering.Named(
                name: split.name, report: CalibrationReport(examples, binCount: bins), intervals: intervals(examples))
        }
    }

    /// The test split before and after the temperature fitted on the val split.
    private func temperatureReports(_ predictions: PredictionFile) throws -> [CalibrationRendering.Named] {
        guard let test = predictions.split(named: "test") else {
            let named = predictions.splits.map(\.name).joined(separator: ", ")
            throw CommandFailure(
                "--fit-temperature reports the test split; \(file) has: \(named)", status: ExitStatus.invalidInput)
        }
        let scaled: PredictionCalibration.Scaled
        do {
            scaled = try PredictionCalibration.temperatureScaled(
                test, in: predictions, objective: objective, binCount: bins)
        } catch let why as NotComputable {
            throw CommandFailure("--fit-temperature: \(file): \(why.reason)", status: ExitStatus.invalidInput)
        }
        return [
            CalibrationRendering.Named(
                name: "test", report: CalibrationReport(scaled.before, binCount: bins),
                intervals: intervals(scaled.before)),
            CalibrationRendering.Named(
                name: "test, T = \(NumberFormatting.metric(scaled.temperature))",
                report: CalibrationReport(scaled.after, binCount: bins),
                temperature: scaled.temperature, intervals: intervals(scaled.after)),
        ]
    }

    /// The bootstrap intervals of the figures, unless `--resamples 0`.
    private func intervals(_ examples: ClassPredictions) -> CalibrationIntervals? {
        resamples > 0 ? CalibrationIntervals(examples, binCount: bins, resamples: resamples, seed: seed) : nil
    }

    /// The uncertainty of each split whose examples have several stochastic passes.
    private func passUncertainties(_ predictions: PredictionFile) -> [(String, [String], PassUncertainty)] {
        let thresholds = PassUncertainty.Thresholds(
            approveConfidence: approveConfidence, approveSpread: approveSpread, reviewSpread: reviewSpread)
        return predictions.splits.compactMap { split in
            PredictionCalibration.passUncertainty(of: split, in: predictions, thresholds: thresholds).map {
                (split.name, split.ids, $0)
            }
        }
    }
}
