import HyperscopeCore

extension PredictionFile {
    /// Why a file found in a folder is passed over by ingestion when it is a predictions file.
    static let passedOverReason =
        "a predictions file: its run's log names it ({\"event\":\"artifact\",\"kind\":\"predictions\",...}), "
        + "or read it with hyperscope calibrate"

    /// Whether the file at `path`, whose start is `bytes`, looks like a predictions file rather than
    /// a log or a trial table: its first record (JSON lines), its header (CSV/TSV) or its start
    /// (`.json`, rows or columns) has a `label` (or `labels`) with `probs`, `logits` or class columns, and
    /// no `event`.
    static func recognises(prefix bytes: [UInt8], path: String) -> Bool {
        let lower = path.lowercased()
        // The first few lines only: the prefix can hold thousands.
        let lines = FormatDetection.leadingLines(of: bytes[...], limit: 5)
        let firstLine = lines.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
            let header = firstLine.lowercased().split(whereSeparator: { $0 == "," || $0 == "\t" })
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let classColumns = header.filter { name in
                ["p_", "prob_", "probs_", "logit_", "logits_"].contains { name.hasPrefix($0) }
            }
            return header.contains("label")
                && (classColumns.count >= 2 || header.contains("probs") || header.contains("logits"))
        }
        if lower.hasSuffix(".json") {
            let text = String(decoding: bytes, as: UTF8.self)
            // A list of rows, or an object of columns ({"labels": [...], "probs": [...]}).
            let opening = text.drop { $0.isWhitespace }.first
            return (opening == "[" || opening == "{")
                && (text.contains("\"label\"") || text.contains("\"labels\""))
                && (text.contains("\"probs\"") || text.contains("\"logits\"")) && !text.contains("\"event\"")
        }
        for line in lines {
            guard let value = try? JSONParser.parse(Array(line)), case .object = value else { continue }
            return value["label"] != nil && value["event"] == nil
                && (value["probs"] != nil || value["logits"] != nil || value["probabilities"] != nil)
        }
        return false
    }
}
