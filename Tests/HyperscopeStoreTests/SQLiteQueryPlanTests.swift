import GRDB
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// The queries whose speed rests on an index read that index, as SQLite plans them.
@Suite("SQLite query plans")
struct SQLiteQueryPlanTests {
    @Test("the runs' attributes are read from their own index, not from the runs' rows")
    func runAttributesFromTheirIndex() async throws {
        let path = try TestSupport.scratchFolder("query-plans").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        let plan = try await store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.runAttributesQuery, arguments: [1, 10])
                .map { row -> String in row["detail"] }
        }
        #expect(plan == ["SEARCH run USING COVERING INDEX run_attributes (id>? AND id<?)"])
    }
}
