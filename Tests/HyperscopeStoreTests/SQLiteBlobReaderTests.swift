import Foundation
import GRDB
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// Reading a stored blob a range at a time, as the run table's sections are read.
@Suite("SQLite blob reader")
struct SQLiteBlobReaderTests {
    @Test("ranges of a blob spanning many pages read back its bytes, from several threads; a missing row is nil")
    func readsRanges() async throws {
        let path = try TestSupport.scratchFolder("blob-reader").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        // 100,000 bytes over the 16 KB pages' overflow chain, no two neighbours alike.
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) })
        try await store.write { db in
            try db.execute(
                sql: "INSERT INTO run_table_segment (segment, data) VALUES (?, ?)", arguments: [-5, bytes])
        }
        try await store.read { db in
            #expect(try SQLiteBlobReader(table: "run_table_segment", column: "data", rowID: 77, in: db) == nil)
            let reader = try #require(
                try SQLiteBlobReader(table: "run_table_segment", column: "data", rowID: -5, in: db))
            #expect(reader.byteCount == bytes.count)
            let ranges = [0..<0, 0..<1, 16_380..<16_400, 40_000..<99_999, 99_999..<100_000, 0..<100_000]
            let read = ranges.concurrentMap { range in try? reader.read(range) }
            for (range, piece) in zip(ranges, read) { #expect(piece == bytes[range], "\(range)") }
            #expect(throws: StoreError.self) { try reader.read(99_000..<100_001) }
        }
    }
}
