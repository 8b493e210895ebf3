import GRDB
import HyperscopeCore

extension SQLiteStore {
    /// See ``Store/createStudy(_:)``.
    public func createStudy(_ study: StudyRecord) async throws -> StudyRecord {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM study WHERE name = ?", arguments: [study.name]) == true {
                throw StoreError(.studyExists, "a study named '\(study.name)' already exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO study (name, metric, goal, strategy, configuration, tool_version, host, started_at, git_commit, git_dirty, objectives)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    study.name, study.metric, study.goal.rawValue, study.strategy,
                    RunFieldCoding.encode(study.configuration),
                    study.toolVersion, study.host, study.startedAt, study.gitCommit, study.gitDirty,
                    study.isMultiObjective ? RunFieldCoding.encode(StudyObjective.value(of: study.objectives)) : nil,
                ])
            var stored = study
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// See ``Store/study(named:)``.
    public func study(named name: String) async throws -> StudyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM study WHERE name = ?", arguments: [name]).map(Self.decodeStudy)
        }
    }

    /// See ``Store/studies()``.
    public func studies() async throws -> [StudyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM study ORDER BY id").map(Self.decodeStudy)
        }
    }

    /// See ``Store/startTrial(studyID:params:startedAt:)``.
    public func startTrial(studyID: Int64, params: [String: Value], startedAt: Double) async throws -> Trial {
        try await write { db in
            let number =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT coalesce(max(number) + 1, 0) FROM trial WHERE study_id = ?"),
                    arguments: [studyID])
                ?? 0
            var trial = Trial(studyID: studyID, number: number, params: params, startedAt: startedAt)
            // Cached statements: a cheap search starts and saves hundreds of trials a second.
            try db.cachedStatement(
                sql: """
                    INSERT INTO trial (study_id, number, state, params, intermediate, started_at, attempts, run_keys)
                    VALUES (?, ?, ?, ?, '[]', ?, 0, '[]')
                    """
            ).execute(arguments: [studyID, number, trial.state.rawValue, RunFieldCoding.encode(params), startedAt])
            trial.id = db.lastInsertedRowID
            return trial
        }
    }

    /// See ``Store/saveTrial(_:runs:)``.
    public func saveTrial(_ trial: Trial, runs: [Run]) async throws {
        guard let id = trial.id else {
            throw StoreError(.invalidRequest, "trial \(trial.number) was never started, so it cannot be saved")
        }
        try await write { db in
            for run in runs { _ = try Self.write(run, in: db) }
            try db.cachedStatement(
                sql: """
                    UPDATE trial SET state = ?, params = ?, value = ?, value_count = ?, value_std = ?, value_ci_low = ?, value_ci_high = ?,
                    intermediate = ?, ended_at = ?, message = ?, attempts = ?, run_keys = ?, objective_values = ?,
                    constraint_violation = ? WHERE id = ?
                    """
            ).execute(
                arguments: [
                    trial.state.rawValue, RunFieldCoding.encode(trial.params), trial.value, trial.valueSummary?.count,
                    trial.valueSummary?.standardDeviation, trial.valueSummary?.confidenceInterval95?.lowerBound,
                    trial.valueSummary?.confidenceInterval95?.upperBound,
                    RunFieldCoding.encode(trial.intermediateValues), trial.endedAt,
                    trial.message, trial.attempts, RunFieldCoding.encode(trial.runKeys),
                    Self.objectiveValues(of: trial).map(RunFieldCoding.encode), trial.constraintViolation, id,
                ])
            guard db.changesCount == 1 else {
                throw StoreError(.notFound, "trial \(trial.number) (id \(id)) is not in the database")
            }
        }
    }

    /// See ``Store/deleteStudy(id:)``.
    public func deleteStudy(id: Int64) async throws -> [Run] {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM study WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError(.notFound, "no study has the id \(id)")
            }
            var deleted: [Run] = []
            for keys in try String.fetchAll(db, sql: "SELECT run_keys FROM trial WHERE study_id = ?", arguments: [id]) {
                for key in try RunFieldCoding.decodeStrings(keys, column: "trial.run_keys") {
                    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE key = ?", arguments: [key])
                    else { continue }
                    deleted.append(try Self.delete(row, in: db))
                }
            }
            try db.execute(sql: "DELETE FROM trial WHERE study_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM study WHERE id = ?", arguments: [id])
            return deleted
        }
    }

    /// See ``Store/trials(studyID:)``.
    public func trials(studyID: Int64) async throws -> [Trial] {
        try await read { db in
            try Self.fetchTrials(db, where: "study_id = ?", arguments: [studyID])
        }
    }

    /// See ``Store/studyLease(studyID:)``.
    public func studyLease(studyID: Int64) async throws -> StudyLease? {
        try await read { db in try Self.lease(studyID: studyID, in: db) }
    }

    /// See ``Store/takeStudyLease(_:replacing:)``.
    public func takeStudyLease(_ lease: StudyLease, replacing: StudyLease?) async throws -> Bool {
        try await write { db in
            let current = try Self.lease(studyID: lease.studyID, in: db)
            switch (current, replacing) {
            case (nil, _): break
            case (let held?, let expected?) where held.hasSameHolder(as: expected): break
            default: return false
            }
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO study_lease (study_id, host, pid, process_start, renewed_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [lease.studyID, lease.host, lease.pid, lease.processStart, lease.renewedAt])
            return true
        }
    }

    /// See ``Store/renewStudyLease(_:)``.
    public func renewStudyLease(_ lease: StudyLease) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE study_lease SET renewed_at = ? WHERE study_id = ? AND host = ? AND pid = ? AND process_start = ?",
                arguments: [lease.renewedAt, lease.studyID, lease.host, lease.pid, lease.processStart])
            return db.changesCount == 1
        }
    }

    /// See ``Store/releaseStudyLease(_:)``.
    public func releaseStudyLease(_ lease: StudyLease) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM study_lease WHERE study_id = ? AND host = ? AND pid = ? AND process_start = ?",
                arguments: [lease.studyID, lease.host, lease.pid, lease.processStart])
        }
    }

    private static func lease(studyID: Int64, in db: Database) throws -> StudyLease? {
        try Row.fetchOne(db, sql: "SELECT * FROM study_lease WHERE study_id = ?", arguments: [studyID]).map { row in
            StudyLease(
                studyID: row["study_id"], host: row["host"], pid: row["pid"], processStart: row["process_start"],
                renewedAt: row["renewed_at"])
        }
    }

    /// See ``Store/interruptRunningTrials(studyID:endedAt:reason:)``.
    public func interruptRunningTrials(studyID: Int64, endedAt: Double, reason: String) async throws -> [Trial] {
        try await write { db in
            let running = try Self.fetchTrials(
                db, where: "study_id = ? AND state = ?", arguments: [studyID, TrialState.running.rawValue])
            try db.execute(
                sql: "UPDATE trial SET state = ?, ended_at = ?, message = ? WHERE study_id = ? AND state = ?",
                arguments: [TrialState.interrupted.rawValue, endedAt, reason, studyID, TrialState.running.rawValue])
            return running.map { trial in
                var interrupted = trial
                interrupted.state = .interrupted
                interrupted.endedAt = endedAt
                interrupted.message = reason
                return interrupted
            }
        }
    }

    private static func decodeStudy(_ row: Row) throws -> StudyRecord {
        let goalName: String = row["goal"]
        guard let goal = MetricGoal(rawValue: goalName) else {
            throw StoreError(.corrupt, "stored study \(row["name"] as String) has an unknown goal '\(goalName)'")
        }
        var objectives: [StudyObjective] = []
        if let text: String = row["objectives"] {
            guard
                let read = StudyObjective.objectives(
                    from: try RunFieldCoding.decodeValue(text, column: "study.objectives"))
            else { throw StoreError(.corrupt, "stored study \(row["name"] as String) has unreadable objectives") }
            objectives = read
        }
        return StudyRecord(
            id: row["id"], name: row["name"], metric: row["metric"], goal: goal, objectives: objectives,
            strategy: row["strategy"],
            configuration: try RunFieldCoding.decodeValue(row["configuration"], column: "study.configuration"),
            toolVersion: row["tool_version"],
            host: row["host"], startedAt: row["started_at"], gitCommit: row["git_commit"], gitDirty: row["git_dirty"])
    }

    /// A trial's value of each objective as stored, or `nil` for a single-objective trial.
    private static func objectiveValues(of trial: Trial) -> Value? {
        guard let values = trial.values else { return nil }
        return .list(
            values.indices.map { index in
                let summary = trial.valueSummaries.flatMap { index < $0.count ? $0[index] : nil }
                return .object([
                    Value.Field("mean", values[index].isNaN ? .null : .float(values[index])),
                    Value.Field("n", .int(Int64(summary?.count ?? 0))),
                    Value.Field("std", summary?.standardDeviation.map(Value.float) ?? .null),
                    Value.Field(
                        "ci95",
                        summary?.confidenceInterval95.map { .list([.float($0.lowerBound), .float($0.upperBound)]) }
                            ?? .null),
                ])
            })
    }
}
