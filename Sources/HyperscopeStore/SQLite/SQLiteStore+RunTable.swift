import Foundation
import GRDB
import HyperscopeCore

extension SQLiteStore {
    /// Run ids per stored segment of the run table: `segment = id >> segmentShift` (the schema's
    /// triggers use the same shift).
    static let segmentShift: Int64 = 10

    /// The segment number under which the whole table, joined from the segments, is kept.
    static let wholeTableSegment: Int64 = -1

    /// See ``Store/runTable()``.
    ///
    /// The whole table is read as stored. When a write has dropped it, it is joined again from the
    /// segments: those the write dropped too (or that a database of an earlier version never had)
    /// are built from their runs first. That happens in one write transaction, so that no writer
    /// changes a run between reading it and storing the table.
    public func runTable() async throws -> RunTable {
        if let whole = try await read({ db in try Self.storedWholeTable(in: db) }) { return whole }
        return try await write { db in
            if let whole = try Self.storedWholeTable(in: db) { return whole }
            let table = RunTable.concatenating(try Self.runTableSegments(in: db))
            try Self.store(table, segment: Self.wholeTableSegment, in: db)
            return table
        }
    }

    /// The stored whole table, or `nil` when none is stored or it cannot be read. The table is
    /// derived from the runs, so a blob of another version of its encoding (or a damaged one) is
    /// built again rather than refused.
    ///
    /// Each section of the blob is read by the core that decodes it: fetching the blob as a value
    /// first (31 MB at 100,000 runs, in new memory) was half of reading the table.
    private static func storedWholeTable(in db: Database) throws -> RunTable? {
        guard
            let blob = try SQLiteBlobReader(
                table: "run_table_segment", column: "data", rowID: wholeTableSegment, in: db)
        else { return nil }
        return try? RunTableCoding.decode(byteCount: blob.byteCount, reading: blob.read)
    }

    private static func store(_ table: RunTable, segment: Int64, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO run_table_segment (segment, data) VALUES (?, ?)",
            arguments: [segment, RunTableCoding.encode(table)])
    }

    /// The run table's segments in order: decoded when stored (and readable), else built from the
    /// runs and stored.
    private static func runTableSegments(in db: Database) throws -> [RunTable] {
        var stored: [Int64: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT segment, data FROM run_table_segment WHERE segment >= 0") {
            stored[row["segment"]] = row["data"]
        }
        let segments = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT id >> ? FROM run ORDER BY 1", arguments: [segmentShift])
        return try segments.map { segment in
            if let data = stored[segment], let table = try? RunTableCoding.decode(data) { return table }
            let table = try builtTable(in: db, ids: (segment << segmentShift)..<((segment + 1) << segmentShift))
            try store(table, segment: segment, in: db)
            return table
        }
    }

    /// How many runs a segment's table is built from at a time.
    static let runsPerPart = 8

    /// The table of the runs whose ids are in `ids`, built a few runs at a time: memory holds the
    /// curves of those few, not a whole segment's (1,024 runs of long curves are gigabytes).
    private static func builtTable(in db: Database, ids: Range<Int64>) throws -> RunTable {
        var parts: [RunTable] = []
        var batch: [Run] = []
        try forEachRun(in: db, ids: ids, includingCurves: true) { run in
            batch.append(run)
            if batch.count == runsPerPart {
                parts.append(RunTable(batch))
                batch.removeAll()
            }
        }
        if !batch.isEmpty || parts.isEmpty { parts.append(RunTable(batch)) }
        return RunTable.concatenating(parts)
    }
}
