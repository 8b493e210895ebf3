import HyperscopeCore

/// Reads the runs of a file that is one document — a table, a results file, another tool's run
/// file — in its format: the part of ingesting a whole document that knows the formats, apart from
/// what ``FileIngester`` does with any file (its state, problems, configuration and artifacts).
struct DocumentReading {
    /// What reading a document gave.
    enum Outcome {
        /// Its runs and problems, read in `format` (for JSON, the format the document turned out in).
        case read(runs: [Run], problems: [IngestProblem], format: LogFormat)
        /// Not read, for this reason: found in a folder, it is passed over.
        case passedOver(String)
        /// Not read: malformed, as the problem says.
        case unreadable(IngestProblem)
        /// Not read: named by the user, and in no format read.
        case refused(SourceReadError)
    }

    /// The file.
    let candidate: SourceCandidate
    /// The ingestion's options.
    let options: IngestOptions
    /// The file's time and the running window, for runs that record no end.
    let context: LogFinishContext

    /// Reads `bytes`, the file's content (empty for TensorBoard, whose reader reads the folder's event
    /// files itself), in `format` as told from the file's name and start.
    func read(_ bytes: [UInt8], format: LogFormat) -> Outcome {
        let source = candidate.path
        switch format {
        case .tensorboard:
            let result = TensorBoardEventReading.read(
                source: source, name: candidate.oneRunName(format: .tensorboard), looksAlive: context.looksAlive,
                maximumBytes: options.maximumDocumentBytes)
            return .read(runs: result.runs, problems: result.problems, format: format)
        case .optunaJournal:
            let result = OptunaJournalReading.read(bytes, source: source)
            return .read(runs: result.runs, problems: result.problems, format: format)
        case .mlflow:
            if let reason = MLflowRunReading.passedOverReason(metaBytes: bytes) { return .passedOver(reason) }
            let result = MLflowRunReading.read(
                metaBytes: bytes, metaPath: source, baseName: candidate.oneRunName(format: .mlflow),
                looksAlive: context.looksAlive, maximumBytes: options.maximumDocumentBytes)
            return .read(runs: result.runs, problems: result.problems, format: format)
        case .csvTable, .csvLog:
            let separator = source.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
            let result = TableReading.readCSV(
                bytes, source: source, baseName: candidate.runName, mapping: mapping, separator: separator,
                asLog: format == .csvLog)
            return .read(runs: result.runs, problems: result.problems, format: format)
        default:
            return readJSON(bytes)
        }
    }

    private var mapping: TableRunMapping {
        TableRunMapping(metricColumns: options.metricColumns.map(Set.init))
    }

    /// A JSON document, in the format forced or the one its content and name tell.
    private func readJSON(_ bytes: [UInt8]) -> Outcome {
        let source = candidate.path
        let document: Value
        let markLength = SourceFile.byteOrderMarkLength(bytes)
        do throws(JSONSyntaxError) {
            document = try JSONParser.parse(markLength == 0 ? bytes : Array(bytes.dropFirst(markLength)))
        } catch {
            let location = SourceFile.lineAndColumn(ofOffset: error.column - 1 + markLength, in: bytes)
            return .unreadable(
                IngestProblem(
                    file: source, line: location.line, column: location.column,
                    reason: "malformed JSON: \(error.reason)"))
        }
        let detected = FormatDetection.documentFormat(of: document, path: source)
        if options.forcedFormat == nil, detected == nil {
            let reason =
                "a JSON file that is neither a trial table (a list of row objects or an object of columns) nor a results file with \"all_results\""
            return candidate.isExplicit ? .refused(SourceReadError(reason)) : .passedOver(reason)
        }
        let format = options.forcedFormat ?? detected ?? .jsonTable
        if format == .huggingFaceTrainerState, let newer = TrainerStateReading.newerSnapshot(of: source) {
            // A checkpoint's state is the start of a later one's: only the latest is the run.
            return .passedOver("an earlier snapshot of the training whose latest state is \(newer)")
        }
        let result: (runs: [Run], problems: [IngestProblem])
        switch format {
        case .samplerBench:
            result = SamplerBenchReading.read(document, source: source, baseName: candidate.runName)
        case .huggingFaceTrainerState:
            result = TrainerStateReading.read(document, source: source, baseName: candidate.runName)
        case .wandbSummary:
            result = WandbSummaryReading.read(document, source: source, baseName: candidate.oneRunName(format: format))
        case .trial:
            result = TrialFolderReading.read(document, source: source)
        case .dvclive:
            result = DVCLiveReading.read(
                document, source: source, name: candidate.oneRunName(format: format), looksAlive: context.looksAlive,
                maximumBytes: options.maximumDocumentBytes)
        case .sacred:
            result = SacredRunReading.read(
                document, source: source, name: candidate.oneRunName(format: format), looksAlive: context.looksAlive,
                maximumBytes: options.maximumDocumentBytes)
        default:
            result = TableReading.readJSON(document, source: source, baseName: candidate.runName, mapping: mapping)
        }
        return .read(runs: result.runs, problems: result.problems, format: format)
    }
}
