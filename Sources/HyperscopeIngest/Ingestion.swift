import HyperscopeCore
import HyperscopeStore

/// Ingests log trees into a store: the engine behind `hyperscope ingest`.
///
/// Files are parsed in parallel, one per core, and saved one transaction per file as they finish,
/// so memory holds only the files in flight (bounded by the largest runs, not the corpus) and an
/// interrupted ingestion keeps every file it finished. Nothing aborts the whole ingestion: each
/// problem becomes a record with its file and line.
public struct Ingestion: Sendable {
    /// Where runs go.
    public var store: any Store
    /// How sources are read.
    public var options: IngestOptions

    /// Creates an ingestion into a store.
    public init(store: any Store, options: IngestOptions = IngestOptions()) {
        self.store = store
        self.options = options
    }

    /// Ingests every file under `paths`.
    ///
    /// - Parameters:
    ///   - paths: Files and folders; folders are scanned recursively.
    ///   - progress: Called after each file, from one task at a time.
    /// - Returns: What was read, stored, skipped and found wrong.
    /// - Throws: Only store failures (a full disk, a locked database); source problems are records.
    public func run(
        paths: [String], progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestSummary {
        let started = SystemFacts.now
        let scan = SourceScanner.scan(paths)
        var summary = IngestSummary()
        summary.missingPaths = scan.missing
        summary.filesSeen = scan.candidates.count
        let ingester = FileIngester(options: options, store: store)
        var shownPaths: [String: String] = [:]
        var filesDone = 0
        try await withThrowingTaskGroup(of: FileOutcome.self) { group in
            var pending = scan.candidates.makeIterator()
            for _ in 0..<options.parallelism {
                guard let candidate = pending.next() else { break }
                group.addTask { await ingester.ingest(candidate) }
            }
            while let outcome = try await group.next() {
                if let candidate = pending.next() {
                    group.addTask { await ingester.ingest(candidate) }
                }
                switch outcome {
                case .unchanged(let candidate, let state):
                    shownPaths[candidate.path] = candidate.displayPath
                    summary.filesUnchanged += 1
                    summary.runsUnchanged += state.runKeys.count
                case .passedOver(let candidate, let record, let reason):
                    shownPaths[candidate.path] = candidate.displayPath
                    summary.passedOver.append(IngestSummary.PassedOverFile(file: candidate.displayPath, reason: reason))
                    _ = try await store.save(record)
                case .unreadable(let candidate, let record):
                    shownPaths[candidate.path] = candidate.displayPath
                    summary.filesUnreadable += 1
                    _ = try await store.save(record)
                case .read(let candidate, let ingestion, let bytesRead, let kind):
                    shownPaths[candidate.path] = candidate.displayPath
                    switch kind {
                    case .new: summary.filesRead += 1
                    case .continued: summary.filesContinued += 1
                    case .replaced: summary.filesReplaced += 1
                    }
                    summary.bytesRead += bytesRead
                    for outcome in try await store.save(ingestion) {
                        switch outcome {
                        case .inserted: summary.runsIngested += 1
                        case .updated: summary.runsUpdated += 1
                        }
                    }
                }
                filesDone += 1
                progress?(
                    IngestProgress(
                        filesDone: filesDone, filesTotal: scan.candidates.count,
                        runs: summary.runsIngested + summary.runsUpdated + summary.runsUnchanged,
                        bytesRead: summary.bytesRead, elapsedSeconds: SystemFacts.now - started))
            }
        }
        summary.problems = try await store.problems().compactMap { problem in
            shownPaths[problem.file].map { IngestSummary.ShownProblem(file: $0, problem: problem) }
        }
        summary.seconds = SystemFacts.now - started
        return summary
    }
}
