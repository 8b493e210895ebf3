import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope show RUN`: one run whole.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: metadata, parameters, curves, messages.",
        discussion: "RUN is a run id, a run name, or the path of its source file.")

    @Argument(help: "The run: id, name, or source path.")
    var run: String

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "Output format: text or json (json includes every curve point).")
    var format: String = "text"

    @Option(name: .customLong("goal"), help: "Which way a metric is better: max, min, or METRIC=max|min (repeatable).")
    var goalArguments: [String] = []

    func run() async throws {
        guard format == "text" || format == "json" || format == "table" else {
            throw ValidationError("unknown --format '\(format)': expected text or json")
        }
        var goals: MetricGoals
        switch MetricGoals.parse(goalArguments) {
        case .success(let parsed): goals = parsed
        case .failure(let error): throw ValidationError(error.description)
        }
        let database = try store.openStore()
        goals.recorded = MetricGoals.recorded(by: try await database.studies())
        guard let found = try await RunLookup.find(run, in: database) else {
            throw CommandFailure(
                "no run '\(run)' in \(store.databasePath): give an id, name or source path from `hyperscope runs`")
        }
        if format == "json" {
            print(Output.json(RunRendering.json(found, goals: goals, includingCurves: true)), terminator: "")
        } else {
            print(RunRendering.detail(found, goals: goals, style: .forDescriptor(STDOUT_FILENO)), terminator: "")
        }
    }
}

/// Finds a run by id, name, key or source path.
enum RunLookup {
    static func find(_ reference: String, in store: any Store) async throws -> Run? {
        if let id = Int64(reference), let run = try await store.run(id: id) { return run }
        if let run = try await store.run(key: reference) { return run }
        let absolute = URL(fileURLWithPath: reference).standardizedFileURL.path
        if let run = try await store.run(key: absolute) { return run }
        let candidates = try await store.runs(includingCurves: false).filter {
            $0.name == reference || $0.source.hasSuffix("/" + reference)
        }
        guard candidates.count == 1, let id = candidates[0].id else {
            if candidates.count > 1 {
                throw CommandFailure(
                    "'\(reference)' names \(candidates.count) runs (ids \(candidates.compactMap(\.id).map(String.init).joined(separator: ", "))); give an id"
                )
            }
            return nil
        }
        return try await store.run(id: id)
    }
}
