import Dispatch
import Foundation
import GRDBSQLite
import Synchronization

/// Moves the write-ahead log into the database file mostly in the background, so that a writer
/// seldom waits for it.
///
/// SQLite's own policy runs a checkpoint inside the commit that grows the log past 1,000 pages:
/// that commit copies the pages and waits for two `fdatasync`s (0.4 s of an ingestion of 300 MB,
/// during which the files parsed meanwhile wait for the writer). Here each connection reports its
/// commits instead. Past ``dueFrames`` pages, a passive checkpoint copies the log on a connection
/// of its own, beside the writer, and again while the writer added many pages meanwhile (each pass
/// shorter than the one before). Once what is left is a few pages (or after
/// ``backgroundPasses`` passes), the next commit copies it itself, so that the log is wholly
/// copied and restarts from its beginning at the following write: a log copied only in the
/// background would never quite catch up with a busy writer. Past ``foregroundFrames`` the
/// committing connection checkpoints whatever the background is doing.
final class SQLiteCheckpointer: Sendable {
    /// Pages in the log from which a checkpoint is due (SQLite's own threshold).
    static let dueFrames: Int32 = 1_000
    /// Pages left after a background pass that the next commit copies itself.
    static let remainderFrames: Int32 = 128
    /// Background passes in a row after which the next commit copies the rest, however long.
    static let backgroundPasses = 4
    /// Pages in the log from which the committing connection checkpoints whatever else happens.
    static let foregroundFrames: Int32 = 16_000

    /// Where the background checkpoint is.
    private enum Phase {
        case idle
        /// Its `passes`-th pass in a row is running.
        case running(passes: Int)
        /// Its `passes`-th pass in a row is done, having copied the log's first `copied` pages.
        case finished(copied: Int32, passes: Int)
    }

    /// What a commit does about the log.
    private enum Action {
        case nothing, background, foreground
    }

    private let path: String
    private let queue = DispatchQueue(label: "hyperscope.sqlite.checkpoint")
    private let phase = Mutex(Phase.idle)
    /// The background connection, opened at the first background checkpoint, and whether
    /// ``close()`` was called.
    private let connection = Mutex<(handle: OpaquePointer?, closed: Bool)>((nil, false))

    init(path: String) {
        self.path = path
    }

    deinit {
        // No checkpoint is under way: one holds `self`. (This may run on `queue`, as the last
        // checkpoint lets go of `self`, so it does not wait on it.)
        closeConnection()
    }

    /// Waits for a background checkpoint under way, then closes the background connection for good,
    /// so that the store's own connections, closing after it, find themselves the last: the last
    /// connection to close copies the whole log into the file and deletes it.
    func close() {
        queue.sync { closeConnection() }
    }

    private func closeConnection() {
        connection.withLock { connection in
            if let handle = connection.handle { sqlite3_close_v2(handle) }
            connection = (nil, true)
        }
    }

    /// Has `handle` (a connection of the store) report its commits here instead of checkpointing
    /// within them. `self` must outlive the connection.
    func watch(_ handle: OpaquePointer?) {
        sqlite3_wal_hook(
            handle,
            { context, handle, database, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                    .committed(frames: frames, handle: handle, database: database)
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// After a commit that left `frames` pages in the log.
    private func committed(frames: Int32, handle: OpaquePointer?, database: UnsafePointer<CChar>?) {
        let action = phase.withLock { phase -> Action in
            switch phase {
            case .running:
                return frames >= Self.foregroundFrames ? .foreground : .nothing
            case .finished(let copied, let passes) where frames >= copied:
                if frames - copied <= Self.remainderFrames || passes >= Self.backgroundPasses {
                    phase = .idle
                    return .foreground
                }
                phase = .running(passes: passes + 1)
                return .background
            case .idle, .finished:
                // (A log shorter than the pages copied has restarted since.)
                guard frames >= Self.dueFrames else { return .nothing }
                phase = .running(passes: 1)
                return .background
            }
        }
        switch action {
        case .nothing:
            break
        case .foreground:
            // Best effort, as SQLite's own: a busy checkpoint is tried again at a later commit.
            _ = sqlite3_wal_checkpoint_v2(handle, database, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        case .background:
            queue.async { [self] in
                let copied = checkpoint()
                phase.withLock { phase in
                    guard case .running(let passes) = phase else { return }
                    phase = copied.map { .finished(copied: $0, passes: passes) } ?? .idle
                }
            }
        }
    }

    /// One passive checkpoint on the background connection, which copies what the log holds
    /// without waiting for (or blocking) any reader or writer; the pages it copied, or `nil` when
    /// it could not run.
    private func checkpoint() -> Int32? {
        connection.withLock { connection -> Int32? in
            guard !connection.closed else { return nil }
            if connection.handle == nil {
                var opened: OpaquePointer?
                // A connection learns that the file is in WAL mode at its first read.
                guard sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
                    sqlite3_exec(opened, "PRAGMA schema_version", nil, nil, nil) == SQLITE_OK
                else {
                    sqlite3_close_v2(opened)
                    return nil
                }
                connection.handle = opened
            }
            var copied: Int32 = 0
            guard
                sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, &copied) == SQLITE_OK
            else {
                return nil
            }
            return copied
        }
    }
}
