import HyperscopeCore
import HyperscopeStore

extension Store {
    /// Stores a run as ingesting its one-run log would: with its source file's state.
    func saveAsIngested(_ run: Run) async throws {
        _ = try await save(
            FileIngestion(
                state: SourceFileState(
                    path: run.source, size: 1, modifiedAt: 0, consumedBytes: 1, consumedLines: 1, format: run.format,
                    runKeys: [run.key]),
                runs: [run], problems: [], problemReplacement: .all))
    }
}
