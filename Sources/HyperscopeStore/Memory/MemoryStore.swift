import HyperscopeCore
import Synchronization

/// A store that keeps everything in memory, for tests and short-lived work.
///
/// It follows the same contract as the database stores, checked by the same conformance tests.
public final class MemoryStore: Store {
    private struct State {
        var runsByKey: [String: Run] = [:]
        var nextRunID: Int64 = 1
        var problems: [IngestProblem] = []
        var files: [String: SourceFileState] = [:]
        var studies: [StudyRecord] = []
        var nextStudyID: Int64 = 1
        var trials: [Trial] = []
        var nextTrialID: Int64 = 1
        var leases: [Int64: StudyLease] = [:]

        /// Inserts or replaces a run by key, giving a new run the next id.
        mutating func put(_ run: Run) -> RunWriteOutcome {
            var stored = run
            let outcome: RunWriteOutcome
            if let existingID = runsByKey[run.key]?.id {
                stored.id = existingID
                outcome = .updated(existingID)
            } else {
                stored.id = nextRunID
                outcome = .inserted(nextRunID)
                nextRunID += 1
            }
            runsByKey[run.key] = stored
            return outcome
        }

        /// Deletes a run by key, taking it out of its source file's state (whose fingerprint is cleared).
        mutating func delete(key: String) -> Run? {
            guard var run = runsByKey.removeValue(forKey: key) else { return nil }
            if var file = files[run.source] {
                file.runKeys.removeAll { $0 == key }
                file.fingerprint = nil
                files[run.source] = file
            }
            run.curves = []
            return run
        }
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// See ``Store/save(_:)``.
    public func save(_ ingestion: FileIngestion) async throws -> [RunWriteOutcome] {
        state.withLock { state in
            let path = ingestion.state.path
            let keptKeys = Set(ingestion.state.runKeys)
            for staleKey in state.files[path]?.runKeys ?? [] where !keptKeys.contains(staleKey) {
                state.runsByKey[staleKey] = nil
            }
            let outcomes = ingestion.runs.map { state.put($0) }
            state.problems.removeAll { problem in
                guard problem.file == path else { return false }
                switch ingestion.problemReplacement {
                case .all: return true
                case .fromLine(let firstLine): return problem.line.map { $0 >= firstLine } ?? true
                }
            }
            state.problems += ingestion.problems
            state.files[path] = ingestion.state
            return outcomes
        }
    }

    /// See ``Store/runs(includingCurves:)``.
    public func runs(includingCurves: Bool) async throws -> [Run] {
        let runs = state.withLock { $0.runsByKey.values.sorted { $0.id! < $1.id! } }
        guard !includingCurves else { return runs }
        return runs.map { run in
            var bare = run
            bare.curves = []
            return bare
        }
    }

    /// See ``Store/runTable()``.
    public func runTable() async throws -> RunTable {
        RunTable(try await runs(includingCurves: true))
    }

    /// See ``Store/runAttributes(ids:)``.
    public func runAttributes(ids: [Int64]) async throws -> [Int64: [String: Value]] {
        let wanted = Set(ids)
        return state.withLock { state in
            var found: [Int64: [String: Value]] = [:]
            for run in state.runsByKey.values where !run.attributes.isEmpty {
                if let id = run.id, wanted.contains(id) { found[id] = run.attributes }
            }
            return found
        }
    }

    /// See ``Store/run(id:)``.
    public func run(id: Int64) async throws -> Run? {
        state.withLock { $0.runsByKey.values.first { $0.id == id } }
    }

    /// See ``Store/run(key:)``.
    public func run(key: String) async throws -> Run? {
        state.withLock { $0.runsByKey[key] }
    }

    /// See ``Store/problems()``.
    public func problems() async throws -> [IngestProblem] {
        state.withLock { $0.problems }.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// See ``Store/replaceDerivedParameters(_:)``.
    public func replaceDerivedParameters(_ valuesByRun: [Int64: [String: Value]]) async throws {
        state.withLock { state in
            for (key, run) in state.runsByKey {
                guard let id = run.id, let values = valuesByRun[id] else { continue }
                state.runsByKey[key] = run.replacingDerivedParameters(with: values)
            }
        }
    }

    /// See ``Store/update(_:)``.
    public func update(_ run: Run) async throws {
        try state.withLock { state in
            guard state.runsByKey[run.key] != nil else { throw StoreError(.notFound, "no run has the key \(run.key)") }
            _ = state.put(run)
        }
    }

    /// See ``Store/runsWithAttachedArtifacts(source:)``.
    public func runsWithAttachedArtifacts(source: String) async throws -> [String: [String: Value]] {
        state.withLock { state in
            var found: [String: [String: Value]] = [:]
            for (key, run) in state.runsByKey
            where run.source == source && !RunArtifact.attachedEntries(in: run.attributes).isEmpty {
                found[key] = run.attributes
            }
            return found
        }
    }

    /// See ``Store/sourceFileState(path:)``.
    public func sourceFileState(path: String) async throws -> SourceFileState? {
        state.withLock { $0.files[path] }
    }

    /// See ``Store/deleteRuns(ids:)``.
    public func deleteRuns(ids: [Int64]) async throws -> [Run] {
        state.withLock { state in
            ids.compactMap { id in
                state.runsByKey.values.first { $0.id == id }.flatMap { state.delete(key: $0.key) }
            }
        }
    }

    /// See ``Store/deleteStudy(id:)``.
    public func deleteStudy(id: Int64) async throws -> [Run] {
        try state.withLock { state in
            guard state.studies.contains(where: { $0.id == id }) else {
                throw StoreError(.notFound, "no study has the id \(id)")
            }
            let keys = state.trials.filter { $0.studyID == id }.flatMap(\.runKeys)
            let deleted = keys.compactMap { state.delete(key: $0) }
            state.trials.removeAll { $0.studyID == id }
            state.studies.removeAll { $0.id == id }
            state.leases[id] = nil
            return deleted
        }
    }

    /// See ``Store/createStudy(_:)``.
    public func createStudy(_ study: StudyRecord) async throws -> StudyRecord {
        try state.withLock { state in
            guard !state.studies.contains(where: { $0.name == study.name }) else {
                throw StoreError(.studyExists, "a study named '\(study.name)' already exists")
            }
            var stored = study
            stored.id = state.nextStudyID
            state.nextStudyID += 1
            state.studies.append(stored)
            return stored
        }
    }

    /// See ``Store/study(named:)``.
    public func study(named name: String) async throws -> StudyRecord? {
        state.withLock { $0.studies.first { $0.name == name } }
    }

    /// See ``Store/studies()``.
    public func studies() async throws -> [StudyRecord] {
        state.withLock { $0.studies }
    }

    /// See ``Store/startTrial(studyID:params:startedAt:)``.
    public func startTrial(studyID: Int64, params: [String: Value], startedAt: Double) async throws -> Trial {
        state.withLock { state in
            let number = state.trials.filter { $0.studyID == studyID }.count
            let trial = Trial(
                id: state.nextTrialID, studyID: studyID, number: number, params: params, startedAt: startedAt)
            state.nextTrialID += 1
            state.trials.append(trial)
            return trial
        }
    }

    /// See ``Store/saveTrial(_:runs:)``.
    public func saveTrial(_ trial: Trial, runs: [Run]) async throws {
        try state.withLock { state in
            guard let index = state.trials.firstIndex(where: { $0.id != nil && $0.id == trial.id }) else {
                throw StoreError(.invalidRequest, "trial \(trial.number) was never started, so it cannot be saved")
            }
            for run in runs { _ = state.put(run) }
            state.trials[index] = trial
        }
    }

    /// See ``Store/trials(studyID:)``.
    public func trials(studyID: Int64) async throws -> [Trial] {
        state.withLock { $0.trials.filter { $0.studyID == studyID } }
    }

    /// See ``Store/studyLease(studyID:)``.
    public func studyLease(studyID: Int64) async throws -> StudyLease? {
        state.withLock { $0.leases[studyID] }
    }

    /// See ``Store/takeStudyLease(_:replacing:)``.
    public func takeStudyLease(_ lease: StudyLease, replacing: StudyLease?) async throws -> Bool {
        state.withLock { state in
            if let held = state.leases[lease.studyID] {
                guard let replacing, held.hasSameHolder(as: replacing) else { return false }
            }
            state.leases[lease.studyID] = lease
            return true
        }
    }

    /// See ``Store/renewStudyLease(_:)``.
    public func renewStudyLease(_ lease: StudyLease) async throws -> Bool {
        state.withLock { state in
            guard let held = state.leases[lease.studyID], held.hasSameHolder(as: lease) else { return false }
            state.leases[lease.studyID] = lease
            return true
        }
    }

    /// See ``Store/releaseStudyLease(_:)``.
    public func releaseStudyLease(_ lease: StudyLease) async throws {
        state.withLock { state in
            if let held = state.leases[lease.studyID], held.hasSameHolder(as: lease) {
                state.leases[lease.studyID] = nil
            }
        }
    }

    /// See ``Store/interruptRunningTrials(studyID:endedAt:reason:)``.
    public func interruptRunningTrials(studyID: Int64, endedAt: Double, reason: String) async throws -> [Trial] {
        state.withLock { state in
            var marked: [Trial] = []
            for index in state.trials.indices
            where state.trials[index].studyID == studyID && state.trials[index].state == .running {
                state.trials[index].state = .interrupted
                state.trials[index].endedAt = endedAt
                state.trials[index].message = reason
                marked.append(state.trials[index])
            }
            return marked
        }
    }
}
