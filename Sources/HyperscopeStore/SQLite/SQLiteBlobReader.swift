import Foundation
import GRDB
import GRDBSQLite

/// One stored blob read a range at a time through SQLite's incremental blob I/O, so that a large
/// blob is never copied whole: each reader of a range gets only those bytes.
///
/// Ranges may be read from several threads; the connection is used by one of them at a time. The
/// blob is closed when the reader goes, which must be within the transaction it was opened in.
final class SQLiteBlobReader: @unchecked Sendable {
    /// The blob's length in bytes.
    let byteCount: Int
    private let blob: OpaquePointer
    private let lock = NSLock()
    private let description: String

    /// Opens the blob of `column` in the row `rowID` of `table`, read-only, or returns `nil` when the
    /// table has no such row.
    ///
    /// - Throws: ``StoreError`` when SQLite cannot open it for another reason.
    init?(table: String, column: String, rowID: Int64, in db: Database) throws {
        var handle: OpaquePointer?
        let code = sqlite3_blob_open(db.sqliteConnection, "main", table, column, rowID, 0, &handle)
        guard code == SQLITE_OK, let handle else {
            if let handle { sqlite3_blob_close(handle) }
            // SQLITE_ERROR is what SQLite answers for a missing row.
            if code == SQLITE_ERROR { return nil }
            throw StoreError(
                .unavailable, "cannot read \(table).\(column) of row \(rowID): \(String(cString: sqlite3_errstr(code)))"
            )
        }
        blob = handle
        byteCount = Int(sqlite3_blob_bytes(handle))
        description = "\(table).\(column) of row \(rowID)"
    }

    deinit {
        sqlite3_blob_close(blob)
    }

    /// The bytes of `range`.
    ///
    /// - Throws: ``StoreError`` when the range lies outside the blob or SQLite cannot read it.
    func read(_ range: Range<Int>) throws -> Data {
        guard range.lowerBound >= 0, range.upperBound <= byteCount else {
            throw StoreError(.corrupt, "\(description) holds \(byteCount) bytes, expected at least \(range.upperBound)")
        }
        var bytes = Data(count: range.count)
        guard !range.isEmpty else { return bytes }
        let code = bytes.withUnsafeMutableBytes { buffer in
            lock.withLock {
                sqlite3_blob_read(blob, buffer.baseAddress, Int32(range.count), Int32(range.lowerBound))
            }
        }
        guard code == SQLITE_OK else {
            throw StoreError(.unavailable, "cannot read \(description): \(String(cString: sqlite3_errstr(code)))")
        }
        return bytes
    }
}
