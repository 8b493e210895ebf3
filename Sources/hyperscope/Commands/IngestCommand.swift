import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope ingest PATH...`: read training logs and trial tables into the store.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read training logs and trial tables into the database.",
        discussion: """
            Folders are scanned recursively for .jsonl, .ndjson, .json, .csv and .tsv files. Formats are detected:
            Hyperscope's JSON-lines log (W&B's wandb-history.jsonl too), dr_gen logs, CSV/JSON trial tables \
            (Optuna trials_dataframe, sweep exports), CSV logs of one run (Lightning's metrics.csv, Keras' \
            CSVLogger), sampler-bench results files and Hugging Face's \
            trainer_state.json (of a training's checkpoints, the latest only). Re-running reads only files that \
            changed, and continues logs that grew; \
            a log rewritten by a new run is read again whole and its run replaced. --rescan reads every file again. \
            Every malformed line or unreadable file is recorded as a problem with its file and line; the good lines \
            are kept. --format takes the output format (text or json) and/or the input format to force \
            (hyperscope, dr_gen, csv, csv_log, json_table, sampler_bench, hf_trainer_state, wandb_summary, sacred, mlflow, optuna_journal, dvclive, tensorboard); repeat it to give both.
            """)

    @Argument(help: "Files and folders to ingest.")
    var paths: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigOptions

    @Option(
        name: .long,
        help:
            "Output format (text, json) and/or input format to force (hyperscope, dr_gen, csv, csv_log, json_table, sampler_bench, hf_trainer_state, wandb_summary, sacred, mlflow, optuna_journal, dvclive, tensorboard)."
    )
    var format: [String] = []

    @Option(
        name: .customLong("metric-columns"),
        help: ArgumentHelp(
            "For generic trial tables: the comma-separated columns that hold metrics.", valueName: "columns"))
    var metricColumns: String?

    @Option(
        name: .customLong("running-within"),
        help: ArgumentHelp(
            "Call a log without an end record 'running' if written in the last N seconds (default: incomplete).",
            valueName: "seconds"))
    var runningWithin: Double = 0

    @Option(name: .long, help: "Files parsed at once (default: one per core).")
    var jobs: Int?

    @Flag(name: .long, help: "Read every file again from the start, replacing its runs, even when it is unchanged.")
    var rescan = false

    @Flag(name: .long, help: "Do not draw the progress bar.")
    var quiet = false

    func run() async throws {
        var outputJSON = false
        var forced: LogFormat?
        for value in format {
            switch value {
            case "json": outputJSON = true
            case "text", "table": outputJSON = false
            default:
                guard let input = LogFormat(rawValue: value == "jsonl" ? "hyperscope" : value), input != .trial else {
                    throw ValidationError(
                        "unknown --format '\(value)': expected text or json, or an input format: hyperscope, dr_gen, csv, csv_log, json_table, sampler_bench, hf_trainer_state, wandb_summary, sacred, mlflow, optuna_journal, dvclive, tensorboard"
                    )
                }
                forced = input
            }
        }
        var options = IngestOptions(forcedFormat: forced, artifactReader: CalibrationArtifactReader())
        if let metricColumns {
            options.metricColumns = metricColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let jobs { options.parallelism = max(1, jobs) }
        options.rescan = rescan
        options.runningWindowSeconds = max(0, runningWithin)
        let derived = try configuration.settings().derived
        let database = try store.openStore()
        let summary = try await IngestRunner.ingest(
            paths: paths, into: database, options: options, showProgress: !quiet)
        if !derived.isEmpty, summary.runsIngested + summary.runsUpdated > 0 {
            _ = try await Backfill.apply(derived, to: database)
        }
        if summary.runsIngested + summary.runsUpdated > 0 {
            // The columns the analyses read are built now, so the first command after an ingest is
            // as quick as the next.
            _ = try await database.runTable()
        }
        if outputJSON {
            print(Output.json(IngestSummaryRendering.json(summary, database: store.databasePath)), terminator: "")
        } else {
            print(
                IngestSummaryRendering.text(
                    summary, database: store.databasePath, style: .forDescriptor(STDOUT_FILENO)), terminator: "")
        }
        if !summary.missingPaths.isEmpty {
            throw CommandFailure("no such file or folder: \(summary.missingPaths.joined(separator: ", "))")
        }
    }
}

/// Runs an ingestion with a progress bar; shared by `ingest` and `quickstart`.
enum IngestRunner {
    static func ingest(
        paths: [String], into store: any Store, options: IngestOptions, showProgress: Bool
    ) async throws -> IngestSummary {
        let progress = ProgressLine(enabled: showProgress && isatty(STDERR_FILENO) != 0)
        let summary: IngestSummary
        do {
            summary = try await Ingestion(store: store, options: options).run(paths: paths) { state in
                let rate = state.elapsedSeconds > 0 ? Double(state.bytesRead) / 1e6 / state.elapsedSeconds : 0
                progress.update(
                    done: state.filesDone, total: state.filesTotal, unit: "files",
                    detail:
                        "\(NumberFormatting.grouped(state.runs)) runs · \(NumberFormatting.fixed(rate, decimals: 1)) MB/s",
                    elapsedSeconds: state.elapsedSeconds)
            }
        } catch {
            progress.finish()
            throw error
        }
        progress.finish()
        return summary
    }
}
