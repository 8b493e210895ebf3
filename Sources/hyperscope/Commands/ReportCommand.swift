import ArgumentParser
import Foundation
import Hyperscope

/// The formats `hyperscope report` writes.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html
}

/// `hyperscope report`: what a search found and what to do next, for a terminal, as JSON or
/// Markdown, or as one self-contained HTML file with plots; `--export` writes the best configurations.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report on a search: overview, branches, importance, optimal ranges, recommendations and plots.",
        discussion: """
            STUDY is a study name; without it the most recent study is reported. --runs reports on stored runs instead \
            (narrowed with --where), grouping runs with the same configuration; a path to a results file or a folder of \
            logs (a sampler-bench results.json, a trials CSV) is read without storing it and reported the same way.

            Examples:
              hyperscope report --latest
              hyperscope report lr-search --format html --output report.html
              hyperscope report lr-search --export best.yaml
              hyperscope report --compare lr-search lr-search-gp
              hyperscope report results.json --metric mean_score
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: RunSelectionOptions
    @OptionGroup var statuses: StatusOptions

    @Flag(
        name: .customLong("per-result"),
        help:
            "For runs or a results file: one trial per run, as the tool that wrote it shows them, instead of one per configuration."
    )
    var perResult = false
    @OptionGroup var metric: MetricOptions

    @Argument(help: ArgumentHelp("The study to report on, or a results file or folder of logs.", valueName: "study"))
    var subject: String?

    @Flag(name: .long, help: "Report on the most recent study (the default without STUDY).")
    var latest = false

    @Flag(name: .long, help: "Report on the stored runs (see --where) instead of a study.")
    var runs = false

    @Option(
        name: .long, parsing: .upToNextOption, help: ArgumentHelp("Put these studies side by side.", valueName: "study")
    )
    var compare: [String] = []

    @Option(name: .long, help: "Output format: text, json, markdown or html.")
    var format: ReportFormat = .text

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the best configurations (overall and per branch) as a search configuration to this YAML file.",
            valueName: "file"))
    var export: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With several objectives, which front member --export re-runs: knee (the default), METRIC (the best on it), or METRIC=W,… (the smallest weighted sum of the objectives scaled over the front).",
            valueName: "choice"))
    var prefer: String?

    @Option(name: .long, help: "Repeats per configuration in the exported search configuration.")
    var exportRepeats: Int = 5

    func validate() throws {
        if !compare.isEmpty, subject != nil || latest || runs || export != nil {
            throw ValidationError("--compare takes the studies itself; leave out STUDY, --latest, --runs and --export")
        }
        if compare.count == 1 { throw ValidationError("--compare needs at least two studies") }
        if latest, subject != nil { throw ValidationError("give STUDY or --latest, not both") }
        if runs, subject != nil || latest {
            throw ValidationError("--runs reports on stored runs; leave out STUDY and --latest")
        }
        if exportRepeats < 1 { throw ValidationError("--export-repeats must be at least 1") }
    }

    func run() async throws {
        let database = try store.openStore()
        if !compare.isEmpty {
            var reports: [StudyReport] = []
            for name in compare { reports.append(try await studyReport(named: name, in: database)) }
            try emitComparison(reports)
            return
        }
        let report = try await chosenReport(in: database)
        if let export, report.study.isMultiObjective {
            let preference = try self.preference(report.study.objectives)
            guard
                let yaml = FrontConfigurationExport.yaml(
                    report, preference: preference, preferenceText: prefer ?? "knee", repeats: exportRepeats,
                    exportedAt: Date().timeIntervalSince1970, toolVersion: HyperscopeVersion.current)
            else {
                throw CommandFailure(
                    "\(report.study.name) has no completed feasible trial: there is no front to export")
            }
            try Output.emit(yaml, to: export)
            StandardError.write(
                "Wrote the front, with the configuration chosen by \(prefer ?? "knee") to re-run, to \(export); run it again with: hyperscope search --config \(export)\n"
            )
        } else if let export {
            if prefer != nil { throw ValidationError("--prefer chooses among a front: the study has one objective") }
            guard
                let yaml = BestConfigurationExport.yaml(
                    report, repeats: exportRepeats, exportedAt: Date().timeIntervalSince1970,
                    toolVersion: HyperscopeVersion.current)
            else {
                throw CommandFailure(
                    "\(report.study.name) has no completed trial: there is no best configuration to export")
            }
            try Output.emit(yaml, to: export)
            StandardError.write(
                "Wrote the best configuration\(report.branches == nil ? "" : "s per branch") to \(export); run them again with: "
                    + BestConfigurationExport.rerunCommand(report, path: export) + "\n")
        }
        if export == nil || output != nil || format != .text {
            try emit(report, bestTrialRuns: format == .html ? await Self.bestTrialRuns(of: report, in: database) : [])
        }
    }

    private func chosenReport(in database: SQLiteStore) async throws -> StudyReport {
        if runs {
            return try runsReport(
                try await selection.load(from: store),
                name: selection.whereExpression.map { "runs where \($0)" } ?? "all runs")
        }
        if let subject {
            if try await database.study(named: subject) != nil {
                return try await studyReport(named: subject, in: database)
            }
            if FileManager.default.fileExists(atPath: subject) { return try await fileReport(path: subject) }
            let known = try await database.studies().map(\.name)
            throw CommandFailure(
                "no study named '\(subject)' and no such file"
                    + (known.isEmpty ? "; there are no studies yet" : "; studies: \(known.joined(separator: ", "))"))
        }
        guard let newest = try await database.studies().max(by: { $0.startedAt < $1.startedAt }) else {
            if latest {
                throw CommandFailure("there are no studies yet: start one with hyperscope search --config FILE")
            }
            let (loaded, goals) = try await selection.load(from: store)
            guard !loaded.isEmpty else {
                throw CommandFailure(
                    "nothing to report: there are no studies or runs yet (hyperscope search --config FILE, or hyperscope ingest LOGS/)"
                )
            }
            return try runsReport((loaded, goals), name: "all runs")
        }
        return try await studyReport(named: newest.name, in: database)
    }

    private func studyReport(named name: String, in database: SQLiteStore) async throws -> StudyReport {
        guard let study = try await database.study(named: name), let id = study.id else {
            let known = try await database.studies().map(\.name)
            throw CommandFailure(
                "no study named '\(name)'"
                    + (known.isEmpty ? "; there are no studies yet" : "; studies: \(known.joined(separator: ", "))"))
        }
        return StudyReport(study: study, trials: try await database.trials(studyID: id))
    }

    /// Reads a results file or a folder of logs into memory and reports on its runs.
    private func fileReport(path: String) async throws -> StudyReport {
        let memory = MemoryStore()
        let summary = try await Ingestion(store: memory).run(paths: [path])
        for problem in summary.problems.prefix(5) { StandardError.write("warning: \(problem.problem)\n") }
        let runs = try selection.select(try await memory.runs(includingCurves: true), goals: try selection.goals())
        guard !runs.isEmpty else { throw CommandFailure("\(path): no runs could be read (see the warnings above)") }
        return try runsReport((runs, try selection.goals()), name: URL(fileURLWithPath: path).lastPathComponent)
    }

    /// A report on runs as trials: one per configuration (runs with the same parameters merged, and a
    /// note saying so), or one per run with `--per-result`; runs of statuses not judged are listed
    /// as failed (or pruned) trials.
    private func runsReport(_ loaded: (runs: [Run], goals: MetricGoals), name: String) throws -> StudyReport {
        guard !loaded.runs.isEmpty else {
            throw CommandFailure("no runs match" + (selection.whereExpression.map { " --where \($0)" } ?? ""))
        }
        let chosen = try metric.selection(for: loaded.runs, goals: loaded.goals)
        let judged = try statuses.resolved(whereExpression: selection.whereExpression)
        let trials =
            perResult
            ? loaded.runs.resultTrials(selection: chosen, statuses: judged)
            : SweepSummary(runs: loaded.runs, selection: chosen, statuses: judged).trials(runs: loaded.runs)
        guard trials.contains(where: { $0.state == .completed }) else {
            throw CommandFailure("no run has \(chosen.metric) at \(chosen.point)")
        }
        let formats = Set(loaded.runs.map(\.format.rawValue)).sorted().joined(separator: ", ")
        let record = StudyRecord(
            name: name, metric: chosen.metric.description, goal: chosen.goal, strategy: "imported runs (\(formats))",
            configuration: .null,
            toolVersion: "", host: "", startedAt: loaded.runs.compactMap(\.startedAt).min() ?? 0)
        var report = StudyReport(study: record, trials: trials)
        let completed = trials.filter { $0.state == .completed }
        let results = completed.reduce(0) { $0 + $1.runKeys.count }
        if results > completed.count {
            report.notes.append(
                "\(results) results were merged into \(completed.count) unique configurations: results with the same parameters are one "
                    + "configuration, with the mean and spread over them (--per-result shows each result on its own)")
        }
        return report
    }

    /// The stored runs of the report's best trial (none for a report of files read into memory).
    static func bestTrialRuns(of report: StudyReport, in database: any Store) async -> [Run] {
        guard let best = report.trials.best(goal: report.study.goal) else { return [] }
        var runs: [Run] = []
        for key in best.runKeys { if let run = try? await database.run(key: key) { runs.append(run) } }
        return runs
    }

    private func emit(_ report: StudyReport, bestTrialRuns: [Run]) throws {
        let style = output == nil ? TerminalStyle.forDescriptor(STDOUT_FILENO) : .plain
        switch format {
        case .text: try Output.emit(StudyReportRendering.text(report, style: style), to: output)
        case .markdown: try Output.emit(StudyReportRendering.markdown(report), to: output)
        case .json: try Output.emit(Output.json(StudyReportRendering.json(report)), to: output)
        case .html:
            try Output.emit(
                StudyHTML.document(report, generatedAt: Date().timeIntervalSince1970, bestTrialRuns: bestTrialRuns),
                to: output)
            if let output {
                StandardError.write("Wrote the report to \(output); open it in a browser (it works offline).\n")
            }
        }
    }

    private func emitComparison(_ reports: [StudyReport]) throws {
        switch format {
        case .text:
            try Output.emit(
                StudyReportRendering.comparison(
                    reports, markdown: false, style: output == nil ? TerminalStyle.forDescriptor(STDOUT_FILENO) : .plain
                ), to: output)
        case .markdown: try Output.emit(StudyReportRendering.comparison(reports, markdown: true), to: output)
        case .json:
            try Output.emit(
                Output.json(.object([Value.Field("studies", .list(reports.map { StudyReportRendering.json($0) }))])),
                to: output)
        case .html:
            try Output.emit(
                StudyHTML.comparisonDocument(reports, generatedAt: Date().timeIntervalSince1970), to: output)
        }
    }

    /// `--prefer`: the knee, the best member on one metric, or weights per metric.
    private func preference(_ objectives: [StudyObjective]) throws -> TrialParetoFront.Preference {
        guard let prefer, prefer != "knee" else { return .knee }
        let names = objectives.map(\.metric)
        if let index = names.firstIndex(of: prefer) { return .best(objective: index) }
        var weights = [Double](repeating: 0, count: objectives.count)
        for item in prefer.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let index = names.firstIndex(of: parts[0]), let weight = Double(parts[1]),
                weight >= 0
            else {
                throw ValidationError(
                    "--prefer: expected knee, a metric of the study (\(names.joined(separator: ", "))), or METRIC=WEIGHT,…; got '\(prefer)'"
                )
            }
            weights[index] = weight
        }
        return .weighted(weights)
    }
}
