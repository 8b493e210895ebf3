import Foundation
import GRDB
import HyperscopeCore

extension SQLiteStore {
    /// Run ids per stored segment of the run table: `segment = id >> segmentShift` (the schema's
    /// triggers use the same shift).
    static let segmentShift: Int64 = 10

    /// See ``Store/runTable()``.
    ///
    /// The stored segments are read and joined. Segments a write has invalidated since (or that a
    /// database of an earlier version never had) are built from their runs and stored, in one write
    /// transaction so that no writer changes a run between reading it and storing its segment.
    public func runTable() async throws -> RunTable {
        if let stored = try await read({ db in try Self.runTableSegments(in: db, building: false) }) {
            return RunTable.concatenating(stored)
        }
        return RunTable.concatenating(try await write { db in try Self.runTableSegments(in: db, building: true)! })
    }

    /// The run table's segments in order: decoded when stored, built from the runs and stored when
    /// not and `building`; `nil` when a segment is missing and not `building`.
    private static func runTableSegments(in db: Database, building: Bool) throws -> [RunTable]? {
        var stored: [Int64: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT segment, data FROM run_table_segment") {
            stored[row["segment"]] = row["data"]
        }
        let segments = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT id >> ? FROM run ORDER BY 1", arguments: [segmentShift])
        if !building, segments.contains(where: { stored[$0] == nil }) { return nil }
        return try segments.map { segment in
            if let data = stored[segment] { return try RunTableCoding.decode(data) }
            let ids = (segment << segmentShift)..<((segment + 1) << segmentShift)
            let table = RunTable(try runs(in: db, ids: ids, includingCurves: true))
            try db.execute(
                sql: "INSERT OR REPLACE INTO run_table_segment (segment, data) VALUES (?, ?)",
                arguments: [segment, RunTableCoding.encode(table)])
            return table
        }
    }
}
