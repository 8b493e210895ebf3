import HyperscopeCore
import HyperscopeStore
import Synchronization

/// The stored runs with their curves, read from the store the first time a page needs curves (a
/// point of an axis, learning-curve bands, a page of runs as JSON) and kept with the snapshot they
/// belong to. The pages that need only summaries read the store's run table and never wait for this.
final class WholeRuns: Sendable {
    private let store: any Store
    /// The ids of the table's runs, in its order: the order the runs are returned in.
    private let ids: [Int64]
    private let reading = Mutex<Task<[Run], any Error>?>(nil)

    /// The runs of the table whose ids are `ids`, to be read from `store` when first asked for.
    init(store: any Store, ids: [Int64]) {
        self.store = store
        self.ids = ids
    }

    /// Every run of the table, in its order, with curves; requests that arrive while they are
    /// being read wait for that one read.
    ///
    /// - Throws: The store's error, or a ``DashboardError`` (409) when a run of the table was
    ///   deleted before the runs were read (the next request reads the database again).
    func runs() async throws -> [Run] {
        let task = reading.withLock { reading in
            if let reading { return reading }
            let (store, ids) = (self.store, self.ids)
            let started = Task { try await Self.read(store, ids: ids) }
            reading = started
            return started
        }
        return try await task.value
    }

    private static func read(_ store: any Store, ids: [Int64]) async throws -> [Run] {
        let runs = try await store.runs(includingCurves: true)
        if runs.lazy.map({ $0.id ?? 0 }).elementsEqual(ids) { return runs }
        // Runs were written since the table was read: the table's runs, matched by id.
        let byID = Dictionary(runs.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        return try ids.map { id in
            guard let run = byID[id] else {
                throw DashboardError(
                    status: 409, message: "run \(id) was deleted while the runs were read; reload the page")
            }
            return run
        }
    }
}
