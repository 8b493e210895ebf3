import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeStore

/// A study and its trials, by number.
public struct StudyTrials: Sendable {
    /// The study.
    public let study: StudyRecord
    /// Its trials, by number.
    public let trials: [Trial]
}

/// Every stored run as the store's run table (parameters, statuses and each metric's summaries, a
/// column at a time), their parameters as columns, and their curves read when a page needs them.
public struct StoredRuns: Sendable {
    /// The runs, in the store's order.
    public let table: RunTable
    /// The runs' parameter columns, with the order of their numbers.
    public let columns: ParameterColumns
    /// Which metrics each run has, so a filter's metric choice reads no curve.
    let metricSets: RunMetricSets
    /// Each run's objective, per selection, read once.
    let objectives: RunObjectives
    /// The runs with their curves, read the first time a page needs them.
    let whole: WholeRuns
    /// The goals the stored studies record for their objectives' metrics (``MetricGoals/recorded``).
    let recordedGoals: [String: MetricGoal]

    /// The runs of ``table``, in its order, with their curves: read from the store the first time
    /// they are asked for.
    package func runs() async throws -> [Run] {
        try await whole.runs()
    }
}

/// What the dashboard reads from the store, with the run table, their parameter columns, their
/// curves once a page needed them, and every result computed from them kept in memory until the
/// database changes, so pages over 100,000 runs neither reload the runs nor redo an analysis that
/// another page or an earlier request already did. Studies' trials and results are kept the same
/// way, apart from the runs.
public actor DashboardData {
    /// The store read.
    public let store: any Store
    /// The SQLite file behind the store, whose size and modification times (with its `-wal`
    /// companion's) tell when the runs must be read again; `nil` reads them every time.
    public let databasePath: String?
    /// The most results kept per snapshot of the runs; past it they are all dropped and recomputed
    /// as asked (each is a few kilobytes to a few megabytes).
    public static let maximumKeptResults = 128

    private var snapshot: Snapshot?
    private var loading: (fingerprint: [Double]?, task: Task<(stored: StoredRuns, read: [Double]?), any Error>)?
    private var generation = 0
    private var inFlight: [String: Task<any Sendable, any Error>] = [:]
    /// Studies and what is computed from them, each kept as its task with the database state it
    /// was started at: requests that arrive while it runs wait for it, later ones get its value.
    /// Apart from the runs' snapshot, so that a running search does not make the runs be read again.
    private var studyResults: [String: (fingerprint: [Double], task: Task<any Sendable, any Error>)] = [:]

    /// The runs read at one state of the database, and what has been computed from them.
    private struct Snapshot {
        var fingerprint: [Double]
        var generation: Int
        var stored: StoredRuns
        var results: [String: any Sendable] = [:]
    }

    /// Creates the data source.
    public init(store: any Store, databasePath: String?) {
        self.store = store
        self.databasePath = databasePath
    }

    /// The stored runs as the store's run table, from memory while the database is unchanged.
    /// Requests that arrive while it is being read wait for that one read.
    public func runTable() async throws -> RunTable {
        try await current().stored.table
    }

    /// A result computed from the runs by `compute`, or the one kept under `key` since the runs were
    /// last read. The key must name everything the result depends on besides the runs.
    ///
    /// The computation runs outside the actor, so other requests are answered meanwhile; requests
    /// for the same key wait for that one computation; a result computed from runs that have since
    /// been reloaded is returned but not kept.
    public func derived<Result: Sendable>(
        _ key: String, compute: @escaping @Sendable (StoredRuns) async throws -> Result
    ) async throws -> Result {
        let snapshot = try await current()
        if let kept = snapshot.results[key] as? Result { return kept }
        let flight = "\(snapshot.generation)\u{1}\(key)"
        if let running = inFlight[flight], let result = try await running.value as? Result { return result }
        let stored = snapshot.stored
        let task = Task.detached { try await compute(stored) }
        inFlight[flight] = Task { try await task.value as any Sendable }
        defer { inFlight[flight] = nil }
        let result = try await task.value
        if var kept = self.snapshot, kept.generation == snapshot.generation {
            if kept.results.count >= Self.maximumKeptResults { kept.results.removeAll() }
            kept.results[key] = result
            self.snapshot = kept
        }
        return result
    }

    /// The goals the stored studies record for their objectives' metrics (``MetricGoals/recorded``).
    package func recordedGoals() async throws -> [String: MetricGoal] {
        try await current().stored.recordedGoals
    }

    /// The studies, newest first.
    public func studies() async throws -> [StudyRecord] {
        try await store.studies().sorted { ($0.startedAt, $0.name) > ($1.startedAt, $1.name) }
    }

    /// A study and its trials by number, or `nil` when there is no such study; read once per
    /// state of the database.
    public func study(named name: String) async throws -> StudyTrials? {
        let store = self.store
        return try await studyDerived("trials" + Self.separator + name) { () async throws -> StudyTrials? in
            guard let study = try await store.study(named: name), let id = study.id else { return nil }
            return StudyTrials(study: study, trials: try await store.trials(studyID: id).sortedByNumber())
        }
    }

    /// A result about studies computed by `compute`, or the one kept under `key` while the database
    /// is unchanged. The key must name everything the result depends on. A computation that failed
    /// is not reused: the next request tries again.
    public func studyDerived<Result: Sendable>(
        _ key: String, compute: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let fingerprint = currentFingerprint()
        if let fingerprint, let kept = studyResults[key], kept.fingerprint == fingerprint,
            let result = try? await kept.task.value as? Result
        {
            return result
        }
        let task = Task.detached { try await compute() as any Sendable }
        if let fingerprint {
            if studyResults.count >= Self.maximumKeptResults { studyResults.removeAll() }
            studyResults[key] = (fingerprint, task)
        }
        return try await task.value as! Result
    }

    private static let separator = "\u{1}"

    /// A run by its key, with its curves.
    public func run(key: String) async throws -> Run? {
        try await store.run(key: key)
    }

    /// A run by its id, with its curves.
    func run(id: Int64) async throws -> Run? {
        try await store.run(id: id)
    }

    /// The snapshot of the database as it is now, reading the runs again when the files changed.
    private func current() async throws -> Snapshot {
        let fingerprint = currentFingerprint()
        if let snapshot, let fingerprint, snapshot.fingerprint == fingerprint { return snapshot }
        let loaded: (stored: StoredRuns, read: [Double]?)
        if let loading, fingerprint != nil, loading.fingerprint == fingerprint {
            loaded = try await loading.task.value
        } else {
            let (store, path) = (self.store, databasePath)
            let task = Task.detached { () async throws -> (stored: StoredRuns, read: [Double]?) in
                // The run table first: bringing it up to date after a change writes to the
                // database, so the state the snapshot stands for is taken after it.
                let table = try await store.runTable()
                let recordedGoals = MetricGoals.recorded(by: try await store.studies())
                let read = path.map(Self.fingerprint(of:))
                let whole = WholeRuns(store: store, ids: table.ids)
                // The numeric order lets every filter's insights bin numbers without sorting them.
                return (
                    StoredRuns(
                        table: table, columns: ParameterColumns(table).withNumericOrder(),
                        metricSets: RunMetricSets(table), objectives: RunObjectives(table, whole: whole), whole: whole,
                        recordedGoals: recordedGoals),
                    read
                )
            }
            loading = (fingerprint, task)
            defer { if loading?.fingerprint == fingerprint { loading = nil } }
            loaded = try await task.value
        }
        // Another request waiting on the same read may have installed the snapshot already.
        if let snapshot, let read = loaded.read, snapshot.fingerprint == read { return snapshot }
        generation += 1
        let fresh = Snapshot(fingerprint: loaded.read ?? [], generation: generation, stored: loaded.stored)
        if loaded.read != nil { snapshot = fresh }
        return fresh
    }

    private func currentFingerprint() -> [Double]? {
        databasePath.map(Self.fingerprint(of:))
    }

    /// The sizes and modification times of a database file and its write-ahead log.
    private static func fingerprint(of databasePath: String) -> [Double] {
        [databasePath, databasePath + "-wal"].flatMap { path -> [Double] in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return [-1, -1] }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? -1
            return [modified, size]
        }
    }
}
