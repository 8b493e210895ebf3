import ArgumentParser
import Hyperscope

/// `--where` and `--goal`: which runs a command looks at and which way each metric is better.
struct RunSelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep runs matching this expression.",
            discussion: "For example: optim.lr >= 1e-3 and optim.name in [adam, sgd] and val/acc.best > 0.9",
            valueName: "expr"))
    var whereExpression: String?

    @Option(
        name: .customLong("goal"),
        help: ArgumentHelp(
            "Which way a metric is better: max, min, or METRIC=max|min (repeatable).",
            discussion:
                "Default: the goal of a stored study searching on the metric, else min for loss-, error- and time-like names, max otherwise."
        ))
    var goalArguments: [String] = []

    /// The goals the user gave.
    func goals() throws -> MetricGoals {
        switch MetricGoals.parse(goalArguments) {
        case .success(let goals): return goals
        case .failure(let error): throw ValidationError(error.description)
        }
    }

    /// The goals of `--goal`, over those the stored studies record for their objectives.
    func goals(recordedIn database: any Store) async throws -> MetricGoals {
        var goals = try self.goals()
        goals.recorded = MetricGoals.recorded(by: try await database.studies())
        return goals
    }

    /// The stored runs that match `--where`, with their curves, and their goals.
    func load(from store: StoreOptions) async throws -> (runs: [Run], goals: MetricGoals) {
        let database = try store.openStore()
        let goals = try await self.goals(recordedIn: database)
        return (try select(try await database.runs(includingCurves: true), goals: goals), goals)
    }

    /// The stored runs that match `--where`, as the store's run table, and the goals of `--goal`.
    func loadTable(from store: StoreOptions) async throws -> (table: RunTable, goals: MetricGoals) {
        let (whole, matching, goals) = try await loadMatching(from: store)
        return (matching.count == whole.count ? whole : whole.rows(matching), goals)
    }

    /// The store's whole run table, the positions of the runs that match `--where` (in order), and
    /// the goals of `--goal`: for a caller that reorders the runs before cutting the table.
    func loadMatching(from store: StoreOptions) async throws -> (whole: RunTable, matching: [Int], goals: MetricGoals) {
        let database = try store.openStore()
        let goals = try await self.goals(recordedIn: database)
        let whole = try await database.runTable()
        return (whole, try positions(in: whole, goals: goals), goals)
    }

    /// The runs that match `--where`.
    ///
    /// - Throws: ``CommandFailure`` (invalid input) pointing at the column of a bad expression, or
    ///   naming a field no run has.
    func select(_ runs: [Run], goals: MetricGoals) throws -> [Run] {
        try Self.selected(RunFilter.select(runs, where: whereExpression, goals: goals))
    }

    /// The positions of the runs of a table that match `--where`, in order.
    ///
    /// - Throws: As ``select(_:goals:)``.
    func positions(in table: RunTable, goals: MetricGoals) throws -> [Int] {
        try Self.selected(RunFilter.positions(in: table, where: whereExpression, goals: goals))
    }

    /// What the filter kept, or the command's error for why it could not be used.
    private static func selected<Kept>(_ result: Result<Kept, NotComputable>) throws -> Kept {
        switch result {
        case .success(let kept): return kept
        case .failure(let why):
            throw CommandFailure(
                why.reason.replacingOccurrences(of: "filter expression", with: "--where expression")
                    .replacingOccurrences(of: "the filter refers", with: "--where refers")
                    + (why.reason.contains("which no run has") ? " (see `hyperscope runs --format json`)" : ""),
                status: ExitStatus.invalidInput)
        }
    }
}
