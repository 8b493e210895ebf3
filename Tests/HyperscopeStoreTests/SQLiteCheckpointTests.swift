import Foundation
import GRDB
import TestSupport
import Testing

@testable import HyperscopeStore

/// The write-ahead log is moved into the database file beside the writer, as the writes go.
@Suite("SQLite checkpoints")
struct SQLiteCheckpointTests {
    @Test(
        "while a writer commits 40 MB, the log is moved into the database file in the background; once the store is gone, no log is left"
    )
    func logMovesIntoTheFile() async throws {
        let path = try TestSupport.scratchFolder("checkpoint").appendingPathComponent("h.db").path
        do {
            let store = try SQLiteStore(path: path)
            try await store.write { db in try db.execute(sql: "CREATE TABLE filler (data BLOB NOT NULL)") }
            for _ in 0..<40 {
                try await store.write { db in
                    try db.execute(sql: "INSERT INTO filler (data) VALUES (randomblob(1000000))")
                }
            }
            // SQLite's own policy would checkpoint inside a commit; with it replaced and nothing in
            // its place, the file would stay at its first pages until the last connection closed.
            var size = 0
            for _ in 0..<200 {
                size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if size >= 16_000_000 { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(size >= 16_000_000, "the database file holds \(size) bytes")
        }
        // The background connection closes before the store's own, so the last of those copies the
        // rest of the log and deletes it: the file alone holds every row.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let stored = try await SQLiteStore(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM filler")
        }
        #expect(stored == 40)
    }
}
