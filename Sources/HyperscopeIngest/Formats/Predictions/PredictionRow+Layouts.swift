import HyperscopeCore

extension PredictionRow {
    /// The rows of JSON lines; blank lines are skipped, bad ones listed.
    static func fromLines(_ bytes: [UInt8], file: String, problems: inout [IngestProblem]) -> [PredictionRow] {
        var rows: [PredictionRow] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = line.last == 0x0D ? line.dropLast() : line
            guard text.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let parsed: Value
            do {
                parsed = try JSONParser.parse(Array(text))
            } catch {
                problems.append(IngestProblem(file: file, line: index + 1, column: error.column, reason: error.reason))
                continue
            }
            append(fromObject(parsed, line: index + 1), line: index + 1, to: &rows, file: file, problems: &problems)
        }
        return rows
    }

    /// The rows of a CSV or TSV table with a header: `label`, the class columns, and optionally
    /// `split`, `id`, `sample`.
    static func fromTable(
        _ bytes: [UInt8], tabs: Bool, file: String, problems: inout [IngestProblem]
    ) -> [PredictionRow] {
        let parsed = CSVParser(separator: tabs ? 0x09 : UInt8(ascii: ",")).records(in: bytes)
        if let line = parsed.unterminatedQuoteLine {
            problems.append(IngestProblem(file: file, line: line, reason: "a quoted field is never closed"))
        }
        guard let header = parsed.records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
        else {
            return []
        }
        let probabilityColumns = classColumns(header, prefixes: ["p_", "prob_", "probs_", "p", "prob"])
        let logitColumns = classColumns(header, prefixes: ["logit_", "logits_", "logit"])
        let single = header.firstIndex { $0 == "p" || $0 == "prob" || $0 == "probability" }
        guard let labelColumn = header.firstIndex(of: "label") else {
            problems.append(IngestProblem(file: file, line: 1, reason: "no 'label' column"))
            return []
        }
        // A `probs` or `logits` column holds each row's list as JSON ("[0.1, 0.9]", or a list of passes).
        let listColumn =
            header.firstIndex(of: "probs").map { ("probs", $0) }
            ?? header.firstIndex(of: "logits").map {
                ("logits", $0)
            }
        let (key, columns): (String, [Int]) =
            if probabilityColumns.count >= 2 { ("probs", probabilityColumns) } else if logitColumns.count >= 2 {
                ("logits", logitColumns)
            } else if let listColumn { (listColumn.0, [listColumn.1]) } else if let single { ("probs", [single]) } else
            {
                ("", [])
            }
        guard !columns.isEmpty else {
            problems.append(
                IngestProblem(
                    file: file, line: 1,
                    reason:
                        "no class columns: expected p_0, p_1, … or logit_0, …, a probs or logits column of lists, or p")
            )
            return []
        }
        var rows: [PredictionRow] = []
        for record in parsed.records.dropFirst() {
            func cell(_ column: Int?) -> Value? {
                guard let column, column < record.fields.count else { return nil }
                let text = record.fields[column].trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return nil }
                if text.hasPrefix("["), let list = try? JSONParser.parse(text) { return list }
                return Double(text).map { .float($0) } ?? .string(text)
            }
            let scores: Value =
                columns.count == 1 ? (cell(columns[0]) ?? .null) : .list(columns.map { cell($0) ?? .null })
            var fields = [Value.Field("label", cell(labelColumn) ?? .null), Value.Field(key, scores)]
            for name in ["split", "id", "sample"] {
                guard let column = header.firstIndex(of: name), let value = cell(column) else { continue }
                // A split or an id is text even when it looks like a number ("007").
                let text = record.fields[column].trimmingCharacters(in: .whitespaces)
                fields.append(Value.Field(name, name == "sample" ? value : .string(text)))
            }
            append(
                fromObject(.object(fields), line: record.line), line: record.line, to: &rows, file: file,
                problems: &problems)
        }
        return rows
    }

    /// The rows of a `.json` document: a list of row objects, or an object of columns.
    static func fromDocument(_ bytes: [UInt8], file: String, problems: inout [IngestProblem]) throws -> [PredictionRow]
    {
        let document: Value
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw SourceReadError("\(file): not JSON: \(error)")
        }
        var rows: [PredictionRow] = []
        switch document {
        case .list(let items):
            for (index, item) in items.enumerated() {
                append(fromObject(item, line: index + 1), line: index + 1, to: &rows, file: file, problems: &problems)
            }
        case .object:
            guard case .list(let labels)? = document["labels"] ?? document["label"] else {
                throw SourceReadError(
                    "\(file): expected a list of rows, or an object with 'labels' and 'probs' or 'logits'")
            }
            let scoreKey = document["probs"] != nil ? "probs" : "logits"
            guard case .list(let scores)? = document[scoreKey], scores.count == labels.count else {
                throw SourceReadError("\(file): '\(scoreKey)' must be a list as long as 'labels' (\(labels.count))")
            }
            let column = { (key: String) -> [Value]? in
                if case .list(let values)? = document[key] { values } else { nil }
            }
            let splits = column("split") ?? column("splits")
            let ids = column("id") ?? column("ids")
            for index in labels.indices {
                var fields = [Value.Field("label", labels[index]), Value.Field(scoreKey, scores[index])]
                if let splits, index < splits.count { fields.append(Value.Field("split", splits[index])) }
                if let ids, index < ids.count { fields.append(Value.Field("id", ids[index])) }
                append(
                    fromObject(.object(fields), line: index + 1), line: index + 1, to: &rows, file: file,
                    problems: &problems)
            }
        default:
            throw SourceReadError(
                "\(file): expected a list of rows, or an object with 'labels' and 'probs' or 'logits'")
        }
        return rows
    }

    /// The class columns named by one of the prefixes and a number, ordered by the number (0, 1, …
    /// with none missing), or none.
    private static func classColumns(_ header: [String], prefixes: [String]) -> [Int] {
        for prefix in prefixes {
            var byClass: [Int: Int] = [:]
            for (column, name) in header.enumerated() where name.hasPrefix(prefix) {
                if let number = Int(name.dropFirst(prefix.count)), number >= 0 { byClass[number] = column }
            }
            if byClass.count >= 2, byClass.keys.sorted() == Array(0..<byClass.count) {
                return (0..<byClass.count).map { byClass[$0]! }
            }
        }
        return []
    }

    /// Keeps a good row, or lists why the row at `line` is left out.
    private static func append(
        _ result: Result<PredictionRow, RowProblem>, line: Int, to rows: inout [PredictionRow], file: String,
        problems: inout [IngestProblem]
    ) {
        switch result {
        case .success(let row): rows.append(row)
        case .failure(let why): problems.append(IngestProblem(file: file, line: line, reason: why.reason))
        }
    }
}
