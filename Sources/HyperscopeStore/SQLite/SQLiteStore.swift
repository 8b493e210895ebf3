import Foundation
import GRDB
import HyperscopeCore

/// The embedded default store: one SQLite file in write-ahead-log mode.
///
/// Curves are columnar, one row per (run, split, metric) holding packed arrays of the values and of
/// each x-axis, so a run's curve of 10,000 points is one read. Readers never block the writer.
/// The default location is `./.hyperscope/hyperscope.db`; the CLI takes `--db` and `HYPERSCOPE_DB`.
public final class SQLiteStore: Store {
    /// The database file's path.
    public let path: String
    let pool: DatabasePool
    /// Moves the write-ahead log into the file beside the writer; it outlives the pool's connections,
    /// whose configuration holds it.
    private let checkpointer: SQLiteCheckpointer

    /// Opens the database at `path`, creating it and its folder if needed and applying migrations.
    ///
    /// - Throws: ``StoreError`` naming the path when the file cannot be opened or is not a Hyperscope database.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .unavailable, "cannot create the folder \(folder) for the database: \(error.localizedDescription)")
        }
        let checkpointer = SQLiteCheckpointer(path: path)
        self.checkpointer = checkpointer
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            checkpointer.watch(db.sqliteConnection)
            // 16 KB pages (new databases only): a packed 1 MB curve is 64 pages, and a search's small
            // commits stay small, since each commit writes and checksums every page it touched into
            // the write-ahead log. Statement journals (an insert into `run` fires the run table's
            // triggers) stay in memory instead of spilling to a temporary file at each trial.
            // A cheap search ran 28% slower with 64 KB pages and the journal on disk; ingesting
            // 200 MB of logs took the same time with either.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try Self.open(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unavailable, "cannot open the database \(path): \(error)")
        }
    }

    deinit {
        // Before the pool's connections close, so that the last of them leaves a file without a log.
        checkpointer.close()
    }

    /// Opens the pool and applies the schema's migrations. Connections opening a new database at
    /// the same moment (several processes, or several stores in one) can meet while one switches the
    /// file to WAL (`SQLITE_BUSY`), or both find a migration unapplied, because that check runs
    /// outside the write lock, and one then fails on "table already exists". Trying again, a little
    /// later, sees what the other committed.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try SQLiteSchema.migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR].contains(error.resultCode) && attempt < 8
            {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            }
        }
    }

    /// See ``Store/save(_:)``.
    public func save(_ ingestion: FileIngestion) async throws -> [RunWriteOutcome] {
        try await write { db in
            let state = ingestion.state
            let keptKeys = Set(state.runKeys)
            let previousKeys =
                try String.fetchOne(db, sql: "SELECT run_keys FROM source_file WHERE path = ?", arguments: [state.path])
                .map { try RunFieldCoding.decodeStrings($0, column: "source_file.run_keys") } ?? []
            for staleKey in previousKeys where !keptKeys.contains(staleKey) {
                try db.execute(sql: "DELETE FROM run WHERE key = ?", arguments: [staleKey])
            }
            let outcomes = try ingestion.runs.map { try Self.write($0, in: db) }
            switch ingestion.problemReplacement {
            case .all:
                try db.execute(sql: "DELETE FROM problem WHERE file = ?", arguments: [state.path])
            case .fromLine(let firstLine):
                try db.execute(
                    sql: "DELETE FROM problem WHERE file = ? AND (line IS NULL OR line >= ?)",
                    arguments: [state.path, firstLine])
            }
            for problem in ingestion.problems {
                try db.execute(
                    sql: "INSERT INTO problem (file, line, column, reason) VALUES (?, ?, ?, ?)",
                    arguments: [problem.file, problem.line, problem.column, problem.reason])
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO source_file
                        (path, size, modified_at, consumed_bytes, consumed_lines, format, run_keys, inode, head_hash, tail_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.path, state.size, state.modifiedAt, state.consumedBytes, state.consumedLines,
                    state.format.rawValue, RunFieldCoding.encode(state.runKeys),
                    state.fingerprint.map { Int64(bitPattern: $0.inode) },
                    state.fingerprint.map { Int64(bitPattern: $0.headHash) },
                    state.fingerprint.map { Int64(bitPattern: $0.tailHash) },
                ])
            return outcomes
        }
    }

    /// The id and attributes of the runs with attributes whose id is between two bounds: its
    /// condition is the `run_attributes` index's, so SQLite reads that index alone, not the runs' rows.
    static let runAttributesQuery = "SELECT id, attributes FROM run WHERE id BETWEEN ? AND ? AND attributes != '{}'"

    /// See ``Store/runs(includingCurves:)``.
    public func runs(includingCurves: Bool) async throws -> [Run] {
        try await read { db in try Self.runs(in: db, ids: nil, includingCurves: includingCurves) }
    }

    /// The runs whose ids are in `ids` (every run when `nil`), in id order.
    static func runs(in db: Database, ids: Range<Int64>?, includingCurves: Bool) throws -> [Run] {
        var runs: [Run] = []
        try forEachRun(in: db, ids: ids, includingCurves: includingCurves) { runs.append($0) }
        return runs
    }

    /// Hands `body` each run whose id is in `ids` (every run when `nil`), in id order, with its curves
    /// when asked: each run's curves are let go once it is handed over, so a caller that keeps only
    /// what it derives holds one run's curves at a time.
    static func forEachRun(
        in db: Database, ids: Range<Int64>?, includingCurves: Bool, _ body: (Run) throws -> Void
    ) throws {
        let range = ids.map { StatementArguments([$0.lowerBound, $0.upperBound]) } ?? []
        var runs: [Run] = []
        let runRows = try Row.fetchCursor(
            db, sql: "SELECT \(runColumns) FROM run \(ids == nil ? "" : "WHERE id >= ? AND id < ?") ORDER BY id",
            arguments: range)
        while let row = try runRows.next() { runs.append(try Self.decodeRun(row)) }
        guard includingCurves else {
            try runs.forEach(body)
            return
        }
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT \(curveColumns) FROM curve \(ids == nil ? "" : "WHERE run_id >= ? AND run_id < ?") ORDER BY run_id, position",
            arguments: range)
        // The curves come in run id order: every run before the current row's is complete. The run
        // whose curves are being read is moved out of `runs` (a placeholder left in its place), so
        // its curves grow in place and, once it is handed over, nothing here keeps them.
        let placeholder = Run(key: "", name: "", source: "", format: .hyperscope)
        var current = placeholder
        var hasCurrent = false
        var next = 0
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if !hasCurrent || current.id != id {
                if hasCurrent {
                    try body(current)
                    hasCurrent = false
                }
                while next < runs.count, runs[next].id! < id {
                    try body(runs[next])
                    next += 1
                }
                guard next < runs.count, runs[next].id == id else { continue }
                current = placeholder
                swap(&current, &runs[next])
                next += 1
                hasCurrent = true
            }
            current.curves.append(try Self.decodeCurve(row, earlier: current.curves))
        }
        if hasCurrent { try body(current) }
        for run in runs[next...] { try body(run) }
    }

    /// See ``Store/runAttributes(ids:)``.
    ///
    /// One pass over the runs that have attributes, between the smallest and largest id asked for,
    /// in the index that holds only those (``runAttributesQuery``).
    public func runAttributes(ids: [Int64]) async throws -> [Int64: [String: Value]] {
        guard let low = ids.min(), let high = ids.max() else { return [:] }
        let wanted = Set(ids)
        return try await read { db in
            var found: [Int64: [String: Value]] = [:]
            let rows = try Row.fetchCursor(db, sql: Self.runAttributesQuery, arguments: [low, high])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                guard wanted.contains(id) else { continue }
                found[id] = try RunFieldCoding.decodeDictionary(row[1], column: "attributes")
            }
            return found
        }
    }

    /// See ``Store/run(id:)``.
    public func run(id: Int64) async throws -> Run? {
        try await fetchRun(whereSQL: "id = ?", argument: id)
    }

    /// See ``Store/run(key:)``.
    public func run(key: String) async throws -> Run? {
        try await fetchRun(whereSQL: "key = ?", argument: key)
    }

    /// See ``Store/problems()``.
    public func problems() async throws -> [IngestProblem] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM problem ORDER BY file, coalesce(line, 0), id").map { row in
                IngestProblem(file: row["file"], line: row["line"], column: row["column"], reason: row["reason"])
            }
        }
    }

    /// See ``Store/replaceDerivedParameters(_:)``.
    public func replaceDerivedParameters(_ valuesByRun: [Int64: [String: Value]]) async throws {
        try await write { db in
            for (id, values) in valuesByRun {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT \(Self.runColumns) FROM run WHERE id = ?", arguments: [id])
                else {
                    continue
                }
                let run = try Self.decodeRun(row).replacingDerivedParameters(with: values)
                try db.execute(
                    sql: "UPDATE run SET params = ?, attributes = ? WHERE id = ?",
                    arguments: [RunFieldCoding.encode(run.params), RunFieldCoding.encode(run.attributes), id])
            }
        }
    }

    /// See ``Store/update(_:)``.
    public func update(_ run: Run) async throws {
        try await write { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE key = ?", arguments: [run.key]) != nil else {
                throw StoreError(.notFound, "no run has the key \(run.key)")
            }
            _ = try Self.write(run, in: db)
        }
    }

    /// See ``Store/runsWithAttachedArtifacts(source:)``.
    public func runsWithAttachedArtifacts(source: String) async throws -> [String: [String: Value]] {
        try await read { db in
            // Attributes are compact JSON: the marker is found in the text before any is decoded.
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, attributes FROM run WHERE source = ? AND instr(attributes, ?) > 0",
                arguments: [source, "\"attached\":true"])
            var found: [String: [String: Value]] = [:]
            for row in rows {
                let attributes = try RunFieldCoding.decodeDictionary(row["attributes"], column: "attributes")
                if !RunArtifact.attachedEntries(in: attributes).isEmpty { found[row["key"]] = attributes }
            }
            return found
        }
    }

    /// See ``Store/sourceFileState(path:)``.
    public func sourceFileState(path: String) async throws -> SourceFileState? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM source_file WHERE path = ?", arguments: [path])
            else {
                return nil
            }
            let formatName: String = row["format"]
            guard let format = LogFormat(rawValue: formatName) else {
                throw StoreError(.corrupt, "stored source file \(path) has an unknown format '\(formatName)'")
            }
            var fingerprint: SourceFingerprint?
            if let inode: Int64 = row["inode"], let head: Int64 = row["head_hash"], let tail: Int64 = row["tail_hash"] {
                fingerprint = SourceFingerprint(
                    inode: UInt64(bitPattern: inode), headHash: UInt64(bitPattern: head),
                    tailHash: UInt64(bitPattern: tail))
            }
            return SourceFileState(
                path: row["path"], size: row["size"], modifiedAt: row["modified_at"],
                consumedBytes: row["consumed_bytes"], consumedLines: row["consumed_lines"], format: format,
                runKeys: try RunFieldCoding.decodeStrings(row["run_keys"], column: "source_file.run_keys"),
                fingerprint: fingerprint)
        }
    }

    /// See ``Store/deleteRuns(ids:)``.
    public func deleteRuns(ids: [Int64]) async throws -> [Run] {
        try await write { db in
            try ids.compactMap { id in
                try Row.fetchOne(db, sql: "SELECT \(Self.runColumns) FROM run WHERE id = ?", arguments: [id]).map {
                    try Self.delete($0, in: db)
                }
            }
        }
    }

    /// Deletes one stored run (its curves go with it) and takes its key out of its source file's
    /// state, whose fingerprint is cleared so that any change reads the file again whole.
    static func delete(_ row: Row, in db: Database) throws -> Run {
        let run = try decodeRun(row)
        try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run.id])
        if let keys = try String.fetchOne(
            db, sql: "SELECT run_keys FROM source_file WHERE path = ?", arguments: [run.source])
        {
            let kept = try RunFieldCoding.decodeStrings(keys, column: "source_file.run_keys").filter { $0 != run.key }
            try db.execute(
                sql:
                    "UPDATE source_file SET run_keys = ?, inode = NULL, head_hash = NULL, tail_hash = NULL WHERE path = ?",
                arguments: [RunFieldCoding.encode(kept), run.source])
        }
        return run
    }

    // MARK: - Rows

    private func fetchRun(whereSQL: String, argument: some DatabaseValueConvertible & Sendable) async throws -> Run? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.runColumns) FROM run WHERE \(whereSQL)", arguments: [argument])
            else {
                return nil
            }
            var run = try Self.decodeRun(row)
            for row in try Row.fetchAll(
                db, sql: "SELECT \(Self.curveColumns) FROM curve WHERE run_id = ? ORDER BY position",
                arguments: [run.id])
            {
                run.curves.append(try Self.decodeCurve(row, earlier: run.curves))
            }
            return run
        }
    }

    static func write(_ run: Run, in db: Database) throws -> RunWriteOutcome {
        // Statements are prepared once per connection (cached): preparing is most of a small write's cost.
        let existingID = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM run WHERE key = ?"), arguments: [run.key])
        let columns: [String: (any DatabaseValueConvertible)?] = [
            "key": run.key, "name": run.name, "source": run.source, "format": run.format.rawValue,
            "status": run.status.rawValue, "status_reason": run.statusReason,
            "params": RunFieldCoding.encode(run.params), "started_at": run.startedAt, "ended_at": run.endedAt,
            "training_seconds": run.trainingSeconds, "git_commit": run.gitCommit,
            "messages": RunFieldCoding.encode(run.messages), "attributes": RunFieldCoding.encode(run.attributes),
            "updated_at": Date().timeIntervalSince1970,
        ]
        let names = columns.keys.sorted()
        let arguments = StatementArguments(names.map { columns[$0]! })
        let id: Int64
        let outcome: RunWriteOutcome
        if let existingID {
            let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
            try db.cachedStatement(sql: "UPDATE run SET \(assignments) WHERE id = ?").execute(
                arguments: arguments + [existingID])
            try db.cachedStatement(sql: "DELETE FROM curve WHERE run_id = ?").execute(arguments: [existingID])
            id = existingID
            outcome = .updated(existingID)
        } else {
            let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
            try db.cachedStatement(sql: "INSERT INTO run (\(names.joined(separator: ", "))) VALUES (\(placeholders))")
                .execute(arguments: arguments)
            id = db.lastInsertedRowID
            outcome = .inserted(id)
        }
        let insertCurve = try db.cachedStatement(
            sql: """
                INSERT INTO curve (run_id, split, metric, position, count, value_data, axis_names, axis_data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, row) in CurveRowCoding.encode(run.curves).enumerated() {
            try insertCurve.execute(arguments: [
                id, row.split, row.metric, position, row.count, row.valueData, row.axisNames, row.axisData,
            ])
        }
        return outcome
    }

    /// The columns of a run, in the order ``decodeRun(_:)`` reads them by position: 100,000 runs are
    /// read without looking up a column's name (which GRDB lowercases) 1,400,000 times.
    static let runColumns = """
        id, key, name, source, format, status, status_reason, params, started_at, ended_at, training_seconds, \
        git_commit, messages, attributes
        """

    /// The columns of a curve, in the order ``decodeCurve(_:earlier:)`` reads them, after its run's id.
    static let curveColumns = "run_id, split, metric, count, value_data, axis_names, axis_data"

    /// A run from a row of ``runColumns``.
    static func decodeRun(_ row: Row) throws -> Run {
        let id: Int64 = row[0]
        let formatName: String = row[4]
        let statusName: String = row[5]
        guard let format = LogFormat(rawValue: formatName), let status = RunStatus(rawValue: statusName) else {
            throw StoreError(
                .corrupt, "stored run \(id) has an unknown format '\(formatName)' or status '\(statusName)'")
        }
        return Run(
            id: id, key: row[1], name: row[2], source: row[3], format: format,
            status: status, statusReason: row[6],
            params: try RunFieldCoding.decodeDictionary(row[7], column: "params"),
            startedAt: row[8], endedAt: row[9], trainingSeconds: row[10],
            gitCommit: row[11], messages: try RunFieldCoding.decodeMessages(row[12]),
            attributes: try RunFieldCoding.decodeDictionary(row[13], column: "attributes"))
    }

    /// A curve from a row of ``curveColumns``.
    private static func decodeCurve(_ row: Row, earlier: [MetricCurve]) throws -> MetricCurve {
        // The packed values and axes are decoded from SQLite's own copy of the row, without copying
        // them first: reading every run's curves back to build the run table after an ingestion
        // spent most of its time copying blobs.
        try row.withUnsafeData(atIndex: 4) { valueData in
            try row.withUnsafeData(atIndex: 6) { axisData in
                try CurveRowCoding.decode(
                    CurveRowCoding.Row(
                        split: row[1], metric: row[2], count: row[3], valueData: valueData ?? Data(),
                        axisNames: row[5], axisData: axisData ?? Data()),
                    earlier: earlier)
            }
        }
    }
}
