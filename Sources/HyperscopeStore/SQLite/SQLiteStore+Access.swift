import GRDB

extension SQLiteStore {
    /// Reads in a snapshot of the database. A failure of SQLite itself becomes a ``StoreError``
    /// naming the database (`unavailable`, or `corrupt` for a damaged file); errors the body throws
    /// pass through.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    /// Writes in one transaction, with failures of SQLite itself reported as in ``read(_:)``.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    private func storeError(_ error: DatabaseError) -> StoreError {
        let damaged = error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
        return StoreError(damaged ? .corrupt : .unavailable, "the database \(path): \(error)")
    }
}
