import Dispatch
import Foundation
import GRDBSQLite
import Synchronization

/// Moves the write-ahead log into the database file in the background, so that a writer never
/// waits for it.
///
/// SQLite's own policy runs a checkpoint inside the commit that grows the log past 1,000 pages:
/// that commit copies the pages and waits for two `fdatasync`s (0.4 s of an ingestion of 300 MB,
/// during which the files parsed meanwhile wait for the writer). Here each connection reports its
/// commits instead; past ``backgroundFrames`` pages a passive checkpoint runs on a connection of its
/// own, beside the writer, and the log restarts from its beginning once the checkpoint has caught
/// up. Should the background fall behind, the committing connection checkpoints as SQLite would,
/// past ``foregroundFrames``.
final class SQLiteCheckpointer: Sendable {
    /// Pages in the log from which a background checkpoint is started (SQLite's own threshold).
    static let backgroundFrames: Int32 = 1_000
    /// Pages in the log from which the committing connection checkpoints itself.
    static let foregroundFrames: Int32 = 16_000

    private let path: String
    private let queue = DispatchQueue(label: "hyperscope.sqlite.checkpoint")
    private let scheduled = Atomic<Bool>(false)
    /// The background connection, opened at the first checkpoint; used on ``queue`` only.
    private let connection = Mutex<OpaquePointer?>(nil)

    init(path: String) {
        self.path = path
    }

    deinit {
        connection.withLock { handle in
            if let handle { sqlite3_close_v2(handle) }
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
        if frames >= Self.foregroundFrames {
            // Best effort, as SQLite's own: a busy checkpoint is tried again at a later commit.
            _ = sqlite3_wal_checkpoint_v2(handle, database, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if frames >= Self.backgroundFrames,
            !scheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).original
        {
            queue.async { [self] in
                checkpoint()
                scheduled.store(false, ordering: .releasing)
            }
        }
    }

    /// One passive checkpoint on the background connection: it copies what the log holds without
    /// waiting for (or blocking) any reader or writer.
    private func checkpoint() {
        connection.withLock { handle in
            if handle == nil {
                var opened: OpaquePointer?
                guard sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK
                else {
                    sqlite3_close_v2(opened)
                    return
                }
                // A connection learns that the file is in WAL mode at its first read.
                guard sqlite3_exec(opened, "PRAGMA schema_version", nil, nil, nil) == SQLITE_OK else {
                    sqlite3_close_v2(opened)
                    return
                }
                handle = opened
            }
            _ = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }
}
