import Foundation
import HyperscopeCore

/// Decides which format a file is in from its extension and its first lines.
enum FormatDetection {
    /// How many leading lines are examined for a JSON-lines file.
    static let linesExamined = 20

    /// How much of a file's start is read to tell its format.
    static let prefixBytes = 64 << 10

    /// The format of a file from its path and the first ``prefixBytes`` of it; JSON documents
    /// (`.json`) are told apart after parsing, by ``documentFormat(of:path:)``.
    static func format(ofPath path: String, prefix read: [UInt8]) -> LogFormat {
        if TensorBoardEventReading.isEventFile((path as NSString).lastPathComponent) { return .tensorboard }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv") { return .csvTable }
        if lowered.hasSuffix(".json") { return .jsonTable }
        if path.hasSuffix("/" + MLflowRunReading.metaFileName) || path == MLflowRunReading.metaFileName {
            return .mlflow
        }
        let prefix = read.dropFirst(SourceFile.byteOrderMarkLength(read))
        for line in leadingLines(of: prefix, limit: linesExamined) {
            guard let value = try? JSONParser.parse(Array(line)), case .object = value else { continue }
            if OptunaJournalReading.recognises(value) { return .optunaJournal }
            let recordType = value["type"]?.stringValue
            let isDrGen = recordType == "dict_config" || recordType == "str" || value["agg_stats"] != nil
            return isDrGen ? .drGen : .hyperscope
        }
        return .hyperscope
    }

    /// The first `limit` lines of `bytes` that are not empty, without their line breaks: as
    /// `split(separator:)` gives them, found a line at a time (the standard library has no lazy
    /// `split`, and splitting a 64 KB prefix whole, for every file found, was 3% of ingesting
    /// 274 MB of logs).
    static func leadingLines(of bytes: ArraySlice<UInt8>, limit: Int) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while lines.count < limit, start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if end > start { lines.append(bytes[start..<end]) }
            start = end + 1
        }
        return lines
    }

    /// The format of a parsed JSON document at `path`: a sampler-bench results file, a Hugging Face
    /// trainer state, a W&B summary, a Sacred run, a DVCLive run, or a table.
    static func documentFormat(of document: Value, path: String) -> LogFormat? {
        if SacredRunReading.recognises(document, path: path) { return .sacred }
        if TrialFolderReading.recognises(document, path: path) { return .trial }
        if case .object = document, DVCLiveReading.isRunFile(path) { return .dvclive }
        if case .object = document,
            path.hasSuffix("/" + WandbSummaryReading.fileName) || path == WandbSummaryReading.fileName
        {
            return .wandbSummary
        }
        if SamplerBenchReading.recognises(document) { return .samplerBench }
        if TrainerStateReading.recognises(document) { return .huggingFaceTrainerState }
        switch document {
        case .list(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            return .jsonTable
        case .object(let fields)
        where !fields.isEmpty && fields.allSatisfy({ if case .object = $0.value { true } else { false } }):
            return .jsonTable
        default:
            return nil
        }
    }
}
