import HyperscopeCore

extension PredictionFile {
    /// Why a file found in a folder is passed over by ingestion when it is a predictions file.
    static let passedOverReason =
        "a predictions file: its run's log names it ({\"event\":\"artifact\",\"kind\":\"predictions\",...}), "
        + "or read it with hyperscope calibrate"

    /// Whether the file at `path`, whose start is `bytes`, looks like a predictions file rather than
    /// a log or a trial table: its first record (JSON lines), its header (CSV/TSV) or its start
    /// (`.json`) has a `label` with `probs`, `logits` or class columns, and no `event`.
    static func recognises(prefix bytes: [UInt8], path: String) -> Bool {
        let lower = path.lowercased()
        let firstLine = bytes.split(separator: 0x0A).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
            let header = firstLine.lowercased().split(whereSeparator: { $0 == "," || $0 == "\t" })
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let classColumns = header.filter { $0.hasPrefix("p_") || $0.hasPrefix("prob_") || $0.hasPrefix("logit_") }
            return header.contains("label") && classColumns.count >= 2
        }
        if lower.hasSuffix(".json") {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.drop { $0.isWhitespace }.first == "["
                && text.contains("\"label\"") && (text.contains("\"probs\"") || text.contains("\"logits\""))
                && !text.contains("\"event\"")
        }
        for line in bytes.split(separator: 0x0A).prefix(5) {
            guard let value = try? JSONParser.parse(Array(line)), case .object = value else { continue }
            return value["label"] != nil && value["event"] == nil
                && (value["probs"] != nil || value["logits"] != nil || value["probabilities"] != nil)
        }
        return false
    }
}
