import Foundation
import HyperscopeCore
import HyperscopeStore

/// What the dashboard reads from the store, with the runs (the large part) kept in memory until
/// the database changes, so pages over 100,000 runs do not reload them on every request.
public actor DashboardData {
    /// The store read.
    public let store: any Store
    /// The SQLite file behind the store, whose size and modification times (with its `-wal`
    /// companion's) tell when the runs must be read again; `nil` reads them every time.
    public let databasePath: String?
    private var cached: (fingerprint: [Double], runs: [Run])?

    /// Creates the data source.
    public init(store: any Store, databasePath: String?) {
        self.store = store
        self.databasePath = databasePath
    }

    /// Every stored run with its curves, from memory while the database is unchanged.
    public func runs() async throws -> [Run] {
        let fingerprint = currentFingerprint()
        if let cached, let fingerprint, cached.fingerprint == fingerprint { return cached.runs }
        let runs = try await store.runs(includingCurves: true)
        if let fingerprint { cached = (fingerprint, runs) }
        return runs
    }

    /// The studies, newest first.
    public func studies() async throws -> [StudyRecord] {
        try await store.studies().sorted { ($0.startedAt, $0.name) > ($1.startedAt, $1.name) }
    }

    /// A study and its trials by number, or `nil` when there is no such study.
    public func study(named name: String) async throws -> (study: StudyRecord, trials: [Trial])? {
        guard let study = try await store.study(named: name), let id = study.id else { return nil }
        return (study, try await store.trials(studyID: id).sorted { $0.number < $1.number })
    }

    /// A run by its key, with its curves.
    public func run(key: String) async throws -> Run? {
        try await store.run(key: key)
    }

    private func currentFingerprint() -> [Double]? {
        guard let databasePath else { return nil }
        return [databasePath, databasePath + "-wal"].flatMap { path -> [Double] in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return [-1, -1] }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? -1
            return [modified, size]
        }
    }
}
