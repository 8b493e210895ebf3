import HyperscopeCore
import HyperscopeStore

/// What became of one candidate file.
enum FileOutcome: Sendable {
    /// Unchanged since the last ingestion: size and modification time match.
    case unchanged(SourceCandidate, SourceFileState)
    /// Read: for the first time, continued where the last reading stopped, or again whole.
    case read(SourceCandidate, FileIngestion, bytesRead: Int64, kind: ReadKind)
    /// Could not be read this time: its problem is recorded and its stored runs are kept.
    case unreadable(SourceCandidate, FileIngestion)
    /// Passed over: found while scanning a folder but not in a format Hyperscope reads; the reason
    /// is stored as the file's problem.
    case passedOver(SourceCandidate, FileIngestion, reason: String)
}

/// How a file that was read relates to what was stored from it before.
enum ReadKind: Sendable {
    /// Nothing was stored from it before.
    case new
    /// A log that grew with its earlier bytes unchanged: read on from where the last reading stopped.
    case continued
    /// Read again from the start because it changed other than by growing: its runs are replaced.
    case replaced
}

/// Reads one file into a ``FileIngestion``: detects its format, decides between skipping,
/// continuing and reading whole, and turns every failure into a problem record.
struct FileIngester: Sendable {
    /// The options of the ingestion.
    var options: IngestOptions
    /// The store, for the previous state of a file and the run a continued log extends.
    var store: any Store

    /// Reads a candidate file.
    func ingest(_ candidate: SourceCandidate) async -> FileOutcome {
        let path = candidate.path
        let previous = try? await store.sourceFileState(path: path)
        if let reason = candidate.unreadableFolder {
            return failure(
                candidate, SourceReadError(reason, isAccessFailure: true), previous: previous, size: -1, modifiedAt: 0)
        }
        var status: SourceFile.Status
        do throws(SourceReadError) {
            status = try SourceFile.status(of: path)
            guard status.isRegularFile else { throw SourceReadError("not a regular file") }
        } catch {
            return failure(candidate, error, previous: previous, size: -1, modifiedAt: 0)
        }
        // The files another tool writes beside a run's file are part of it: a change to them reads it again.
        let configFile = RunConfigFile.beside(log: path)
        if let configFile { status.modifiedAt = max(status.modifiedAt, configFile.modifiedAt) }
        if let latest = RunCompanionFiles.latestModification(ofRunFile: path) {
            status.modifiedAt = max(status.modifiedAt, latest)
        }
        if !options.rescan, let previous, previous.size == status.size, previous.modifiedAt == status.modifiedAt,
            options.forcedFormat == nil || options.forcedFormat == previous.format
        {
            return .unchanged(candidate, previous)
        }
        do throws(SourceReadError) {
            if status.size == 0 {
                throw SourceReadError("empty file")
            }
            var format = options.forcedFormat ?? .hyperscope
            if options.forcedFormat == nil {
                // One read of the file's start serves both questions: a predictions file, and which format.
                let prefix = try SourceFile.readPrefix(path, byteCount: FormatDetection.prefixBytes)
                if PredictionFile.recognises(prefix: prefix, path: path) {
                    let reason = PredictionFile.passedOverReason
                    // Named on the command line it is refused; found in a folder it is passed over.
                    guard !candidate.isExplicit else { throw SourceReadError(reason) }
                    let record = failedReading(
                        candidate, problem: IngestProblem(file: path, reason: "passed over: " + reason),
                        previous: previous, size: status.size, modifiedAt: status.modifiedAt)
                    return .passedOver(candidate, record, reason: reason)
                }
                format = FormatDetection.format(ofPath: path, prefix: prefix)
            }
            switch format {
            case .hyperscope, .drGen, .trial:
                return try await readLog(
                    candidate, format: format, status: status, previous: previous, configFile: configFile?.file)
            case .csvTable, .csvLog, .jsonTable, .samplerBench, .huggingFaceTrainerState, .wandbSummary, .sacred,
                .mlflow, .optunaJournal, .dvclive, .tensorboard:
                return try await readDocument(
                    candidate, format: format, status: status, previous: previous, configFile: configFile?.file)
            }
        } catch {
            return failure(candidate, error, previous: previous, size: status.size, modifiedAt: status.modifiedAt)
        }
    }

    // MARK: - Line-based logs

    private func readLog(
        _ candidate: SourceCandidate, format: LogFormat, status: SourceFile.Status, previous: SourceFileState?,
        configFile: RunConfigFile?
    ) async throws(SourceReadError) -> FileOutcome {
        var start = Run(
            key: candidate.path, name: candidate.oneRunName(format: format), source: candidate.path, format: format)
        var offset: Int64 = 0
        var firstLine = 1
        var kind = Self.wholeReadKind(previous: previous)
        if !options.rescan, let previous, let resumed = await resumableRun(of: previous, format: format, status: status)
        {
            start = resumed ?? start
            offset = previous.consumedBytes
            firstLine = previous.consumedLines + 1
            kind = .continued
        }
        let context = LogFinishContext(
            modifiedAt: status.modifiedAt, now: SystemFacts.now, runningWindowSeconds: options.runningWindowSeconds)
        let result: (run: Run?, problems: [IngestProblem], progress: LineReadProgress)
        switch format {
        case .drGen:
            result = try LineLogReading.read(
                DrGenLogParser.self, resuming: start, from: offset, firstLineNumber: firstLine,
                maximumLineBytes: options.maximumLineBytes, finish: context)
        default:
            result = try LineLogReading.read(
                HyperscopeLogParser.self, resuming: start, from: offset, firstLineNumber: firstLine,
                maximumLineBytes: options.maximumLineBytes, finish: context)
        }
        var problems = result.problems
        var configured = await withConfiguration(
            result.run.map { [$0] } ?? [], from: format == .hyperscope ? configFile : nil, problems: &problems)
        if format == .hyperscope, candidate.path.hasSuffix("/" + FolderConventions.wandbHistoryName),
            !configured.isEmpty
        {
            WandbMetadata.apply(besides: candidate.path, to: &configured[0])
        }
        let runs = await withArtifacts(
            configured, rereading: previous != nil && kind != .continued, problems: &problems)
        let fingerprint = try? SourceFingerprint.of(
            candidate.path, upTo: result.progress.consumedBytes, inode: status.inode)
        let state = SourceFileState(
            path: candidate.path, size: status.size, modifiedAt: status.modifiedAt,
            consumedBytes: result.progress.consumedBytes, consumedLines: result.progress.consumedLines,
            format: format, runKeys: runs.map(\.key), fingerprint: fingerprint)
        let ingestion = FileIngestion(
            state: state, runs: runs, problems: problems,
            problemReplacement: kind == .continued ? .fromLine(firstLine) : .all)
        return .read(candidate, ingestion, bytesRead: result.progress.bytesRead, kind: kind)
    }

    /// The runs with what their artifacts give: their metrics (replacing earlier ones of the same key)
    /// and summaries. A file read again whole keeps the artifacts attached to its runs' earlier records.
    /// An artifact that cannot be read is a problem of the line that named it (of the file, for an
    /// attached one).
    private func withArtifacts(_ runs: [Run], rereading: Bool, problems: inout [IngestProblem]) async -> [Run] {
        guard let source = runs.first?.source else { return runs }
        let attached = rereading ? (try? await store.runsWithAttachedArtifacts(source: source)) ?? [:] : [:]
        return runs.map { run in
            var run = run
            // Kept even without a reader, which is all that measures them again.
            if let earlier = attached[run.key] { run.keepAttachedArtifacts(of: earlier) }
            guard let reader = options.artifactReader else { return run }
            var failures: [(artifact: RunArtifact, reason: String)] = []
            run = reader.applied(to: run, failures: &failures)
            for (artifact, reason) in failures {
                let attached = artifact.attached ? " (attached by hyperscope calibrate --run)" : ""
                problems.append(
                    IngestProblem(
                        file: run.source, line: artifact.attached ? nil : artifact.line,
                        reason: "\(artifact.kind) artifact\(attached): \(reason)"))
            }
            return run
        }
    }

    /// A one-run log's run with the parameters of the configuration file beside it (when there is
    /// one). A file that cannot be read is a problem of the log, and the run keeps the parameters
    /// the file gave it before.
    private func withConfiguration(
        _ runs: [Run], from configFile: RunConfigFile?, problems: inout [IngestProblem]
    ) async -> [Run] {
        guard let configFile, runs.count == 1, var run = runs.first else { return runs }
        do throws(SourceReadError) {
            configFile.apply(try configFile.parameters(), to: &run)
        } catch {
            problems.append(
                IngestProblem(
                    file: run.source,
                    reason: "the run's configuration \(configFile.nameBesideLog) was not read: \(error.reason)"))
            if let stored = try? await store.run(key: run.key) { configFile.keepParameters(of: stored, in: &run) }
        }
        return [run]
    }

    /// Whether a log can be continued from where its last reading stopped, and from which run.
    ///
    /// It can when it is read in the same format, is the same file (inode), is no shorter than the
    /// part read, and that part's first block and last block are unchanged: a log that only grew.
    /// A log rewritten by a new run, truncated, or replaced by another file is read again whole.
    ///
    /// - Returns: `nil` when the log must be read again whole; otherwise the stored run to continue,
    ///   which is itself `nil` when the part read held no run yet.
    private func resumableRun(
        of previous: SourceFileState, format: LogFormat, status: SourceFile.Status
    ) async -> Run?? {
        guard previous.format == format, let stored = previous.fingerprint, stored.inode == status.inode,
            previous.consumedBytes <= status.size,
            let current = try? SourceFingerprint.of(previous.path, upTo: previous.consumedBytes, inode: status.inode),
            current == stored
        else { return nil }
        guard let key = previous.runKeys.first else { return .some(nil) }
        guard let run = try? await store.run(key: key) else { return nil }
        return .some(run)
    }

    /// A file read from its start replaces runs when runs were stored from it before.
    private static func wholeReadKind(previous: SourceFileState?) -> ReadKind {
        previous?.runKeys.isEmpty == false ? .replaced : .new
    }

    // MARK: - Whole documents

    private func readDocument(
        _ candidate: SourceCandidate, format: LogFormat, status: SourceFile.Status, previous: SourceFileState?,
        configFile: RunConfigFile?
    ) async throws(SourceReadError) -> FileOutcome {
        // TensorBoard's reader reads every event file of the folder itself.
        let bytes =
            format == .tensorboard ? [] : try SourceFile.readAll(candidate.path, limit: options.maximumDocumentBytes)
        let context = LogFinishContext(
            modifiedAt: status.modifiedAt, now: SystemFacts.now, runningWindowSeconds: options.runningWindowSeconds)
        let result: (runs: [Run], problems: [IngestProblem])
        let readFormat: LogFormat
        let failed = { (problem: IngestProblem) in
            failedReading(
                candidate, problem: problem, previous: previous, size: status.size, modifiedAt: status.modifiedAt)
        }
        switch DocumentReading(candidate: candidate, options: options, context: context).read(bytes, format: format) {
        case .read(let runs, let problems, let format):
            result = (runs, problems)
            readFormat = format
        case .passedOver(let reason):
            let problem = IngestProblem(file: candidate.path, reason: "passed over: " + reason)
            return .passedOver(candidate, failed(problem), reason: reason)
        case .unreadable(let problem):
            return .unreadable(candidate, failed(problem))
        case .refused(let error):
            return failure(candidate, error, previous: previous, size: status.size, modifiedAt: status.modifiedAt)
        }
        var problems = result.problems
        let isOneRun = result.runs.count == 1 && [.csvLog, .wandbSummary].contains(result.runs.first?.format)
        let takesConfiguration = isOneRun || (result.runs.count == 1 && result.runs.first?.format == .tensorboard)
        var read = result.runs
        // A table is told to be a CSV log of one run only once read.
        if read.count == 1, read[0].format == .csvLog { read[0].name = candidate.oneRunName(format: .csvLog) }
        var configured = await withConfiguration(
            read, from: takesConfiguration ? configFile : nil, problems: &problems)
        if read.count == 1, read[0].format == .wandbSummary {
            WandbMetadata.apply(besides: candidate.path, to: &configured[0])
        }
        if isOneRun, context.looksAlive {
            // Read without the file's time, such a run learns here that it is being written to.
            let what = configured[0].format == .csvLog ? "a CSV log" : "a W&B summary"
            configured[0].setEndlessStatus(recordedBy: what, looksAlive: true)
        }
        // Read again, the rows keep the artifacts attached to them since.
        let runs =
            previous == nil ? configured : await withArtifacts(configured, rereading: true, problems: &problems)
        let state = SourceFileState(
            path: candidate.path, size: status.size, modifiedAt: status.modifiedAt, consumedBytes: status.size,
            consumedLines: 0, format: readFormat, runKeys: runs.map(\.key))
        let ingestion = FileIngestion(state: state, runs: runs, problems: problems, problemReplacement: .all)
        let bytesRead = format == .tensorboard ? status.size : Int64(bytes.count)
        return .read(candidate, ingestion, bytesRead: bytesRead, kind: Self.wholeReadKind(previous: previous))
    }

    // MARK: - Failures

    private func failure(
        _ candidate: SourceCandidate, _ error: SourceReadError, previous: SourceFileState?, size: Int64,
        modifiedAt: Double
    ) -> FileOutcome {
        let problem = IngestProblem(file: candidate.path, reason: error.reason)
        return .unreadable(
            candidate,
            failedReading(
                candidate, problem: problem, previous: previous, size: error.isAccessFailure ? -1 : size,
                modifiedAt: modifiedAt))
    }

    /// What a file that yields no run this time saves: its problem, and the runs it gave before are
    /// kept (an unreadable file never loses stored data). A file read before, or one that could not
    /// be reached (`size` -1), has its state marked stale, so it is read again next time; a new one
    /// found wanting keeps its size and time, so it is passed by until it changes, its problem still
    /// listed.
    private func failedReading(
        _ candidate: SourceCandidate, problem: IngestProblem, previous: SourceFileState?, size: Int64,
        modifiedAt: Double
    ) -> FileIngestion {
        let keptKeys = previous?.runKeys ?? []
        let state = SourceFileState(
            path: candidate.path, size: previous == nil ? size : -1, modifiedAt: modifiedAt, consumedBytes: 0,
            consumedLines: 0, format: previous?.format ?? options.forcedFormat ?? .hyperscope, runKeys: keptKeys)
        return FileIngestion(state: state, runs: [], problems: [problem], problemReplacement: .all)
    }
}
