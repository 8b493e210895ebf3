import ArgumentParser
import Foundation
import Hyperscope

/// The `--db` option shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database.", discussion: "Default: $HYPERSCOPE_DB, else ./.hyperscope/hyperscope.db.",
            valueName: "path"))
    var db: String?

    /// The database path: `--db`, else `HYPERSCOPE_DB`, else `./.hyperscope/hyperscope.db`.
    var databasePath: String {
        if let db { return db }
        if let environment = ProcessInfo.processInfo.environment["HYPERSCOPE_DB"], !environment.isEmpty {
            return environment
        }
        return ".hyperscope/hyperscope.db"
    }

    /// Opens the store, creating the database when it does not exist.
    func openStore() throws -> SQLiteStore {
        try SQLiteStore(path: databasePath)
    }
}
