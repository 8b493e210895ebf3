import GRDB

extension SQLiteStore {
    /// Reads in a snapshot of the database. A failure of SQLite itself becomes a ``StoreError``
    /// naming the database; errors the body throws pass through.
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

    /// A damaged file is `corrupt`, a broken constraint an `invalidRequest`, anything else (the
    /// disk, permissions, a lock held too long) `unavailable`.
    private func storeError(_ error: DatabaseError) -> StoreError {
        let code: StoreError.Code =
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: .corrupt
            case .SQLITE_CONSTRAINT: .invalidRequest
            default: .unavailable
            }
        return StoreError(code, "the database \(path): \(error)")
    }
}
