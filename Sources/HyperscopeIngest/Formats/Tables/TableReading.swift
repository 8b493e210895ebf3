import HyperscopeCore

/// Reads trial tables, CSV or JSON, one run per row, through a ``TableRunMapping``.
enum TableReading {
    /// Reads a CSV (or TSV) table whose first record is the header.
    ///
    /// A row with more or fewer fields than the header is a problem at its line and is skipped,
    /// since its cells cannot be matched to columns; the other rows are read. A CSV log of one run
    /// (``CSVCurveLog``), or any table when `asLog`, is read as that run.
    static func readCSV(
        _ bytes: [UInt8], source: String, baseName: String, mapping: TableRunMapping, separator: UInt8,
        asLog: Bool = false
    ) -> (runs: [Run], problems: [IngestProblem]) {
        let parsed = CSVParser(separator: separator).records(in: bytes)
        let records = parsed.records
        // The rows before a quote that is never closed are read; the problem names where it opened.
        let quoteProblem = parsed.unterminatedQuoteLine.map { line in
            IngestProblem(
                file: source, line: line,
                reason: "a quoted field that starts here is never closed; this row and the rest of the file are skipped"
            )
        }
        guard let header = records.first else {
            return ([], [quoteProblem ?? IngestProblem(file: source, reason: "empty file")])
        }
        if header.hasInvalidUTF8 {
            return (
                [],
                [IngestProblem(file: source, line: header.line, reason: "the header holds bytes that are not UTF-8")]
            )
        }
        let columns = header.fields.map { $0.trimmingWhitespace() }
        let roles = mapping.roles(for: columns)
        let rows = records.dropFirst().filter { !$0.hasInvalidUTF8 && $0.fields.count == columns.count }
        if asLog
            || (mapping.metricColumns == nil
                && CSVCurveLog.isCurveLog(columns: columns, roles: roles, rows: rows.map(\.fields)))
        {
            // A log of one run, a row per step: its rows are points, not runs.
            var (run, problems) = CSVCurveLog.read(
                columns: columns, rows: rows.map { ($0.fields, $0.line) }, source: source, name: baseName)
            if let quoteProblem { problems.append(quoteProblem) }
            return ([run], problems)
        }
        var runs: [Run] = []
        var problems = mapping.missingMetricsProblem(roles: roles, source: source).map { [$0] } ?? []
        if let quoteProblem { problems.append(quoteProblem) }
        for (rowIndex, record) in records.dropFirst().enumerated() {
            guard !record.hasInvalidUTF8 else {
                problems.append(
                    IngestProblem(
                        file: source, line: record.line, reason: "row holds bytes that are not UTF-8; row skipped"))
                continue
            }
            guard record.fields.count == columns.count else {
                problems.append(
                    IngestProblem(
                        file: source, line: record.line,
                        reason: "row has \(record.fields.count) fields, the header has \(columns.count); row skipped"))
                continue
            }
            let cells = zip(columns, record.fields).compactMap { column, text in
                TableCell.value(of: text).map { (column: column, value: $0) }
            }
            runs.append(
                mapping.run(
                    cells: cells, roles: roles, rowNumber: rowIndex + 1, line: record.line, source: source,
                    baseName: baseName, format: .csvTable, problems: &problems))
        }
        if runs.isEmpty, !problems.contains(where: { $0.line != 1 }) {
            problems.append(IngestProblem(file: source, line: 1, reason: "table has a header but no rows"))
        }
        return (runs, problems)
    }

    /// Reads a JSON table: a list of row objects (pandas `orient="records"`) or an object of
    /// columns, each an object from row index to cell (pandas' default `orient="columns"`).
    static func readJSON(
        _ document: Value, source: String, baseName: String, mapping: TableRunMapping
    ) -> (runs: [Run], problems: [IngestProblem]) {
        var rows: [[Value.Field]] = []
        var problems: [IngestProblem] = []
        switch document {
        case .list(let items):
            for (index, item) in items.enumerated() {
                guard case .object(let fields) = item else {
                    problems.append(
                        IngestProblem(
                            file: source,
                            reason: "record \(index + 1) is a \(item.typeName), expected an object; skipped"))
                    continue
                }
                rows.append(fields)
            }
        case .object(let columns):
            var rowOrder: [String] = []
            var cellsByRow: [String: [Value.Field]] = [:]
            for column in columns {
                guard case .object(let cells) = column.value else {
                    problems.append(
                        IngestProblem(
                            file: source,
                            reason:
                                "column \"\(column.key)\" is a \(column.value.typeName), expected an object of row cells; skipped"
                        ))
                    continue
                }
                for cell in cells {
                    if cellsByRow[cell.key] == nil { rowOrder.append(cell.key) }
                    cellsByRow[cell.key, default: []].append(Value.Field(column.key, cell.value))
                }
            }
            rows = rowOrder.map { cellsByRow[$0]! }
        default:
            return (
                [],
                [
                    IngestProblem(
                        file: source,
                        reason:
                            "a JSON table must be a list of rows or an object of columns, found a \(document.typeName)")
                ]
            )
        }
        var columnNames: [String] = []
        var seen: Set<String> = []
        for row in rows { for field in row where seen.insert(field.key).inserted { columnNames.append(field.key) } }
        let roles = mapping.roles(for: columnNames)
        if let problem = mapping.missingMetricsProblem(roles: roles, source: source) { problems.append(problem) }
        let runs = rows.enumerated().map { index, row in
            mapping.run(
                cells: row.filter { $0.value != .null }.map { (column: $0.key, value: $0.value) }, roles: roles,
                rowNumber: index + 1, line: 0, source: source, baseName: baseName, format: .jsonTable,
                problems: &problems)
        }
        if runs.isEmpty, problems.isEmpty { problems.append(IngestProblem(file: source, reason: "table has no rows")) }
        return (runs, problems)
    }
}
