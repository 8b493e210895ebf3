import HyperscopeCore

/// A table of text cells with a header, rendered for a terminal, as CSV or as Markdown.
///
/// Tables are the rendering of analysis values; they hold strings only, formatted by the code
/// that built them, so every rendering shows the same figures.
public struct TextTable: Sendable, Hashable {
    /// How a column's cells line up.
    public enum Alignment: Sendable, Hashable {
        /// Flush left (names, words).
        case left
        /// Flush right (numbers).
        case right
    }

    /// One column: its title and alignment.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var title: String
        /// How cells line up.
        public var alignment: Alignment

        /// Creates a column.
        public init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns.
    public var columns: [Column]
    /// The rows, each with one cell per column.
    public var rows: [[String]]

    /// Creates a table.
    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table aligned in columns for a terminal, the header bold when `style` allows. Control
    /// characters in titles and cells (names and values come from files) are written as escapes, so
    /// none reaches the terminal. The rows are measured and written in pieces, one per core.
    ///
    /// - Complexity: O(*cells*).
    public func renderText(style: TerminalStyle = .plain) -> String {
        var bytes: [UInt8] = []
        writeText(style: style) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of ``renderText(style:)`` handed to `sink` in pieces (the header, then the rows a
    /// piece per core), so that a table of 100,000 rows is written out without joining its text.
    package func writeText(style: TerminalStyle = .plain, to sink: TextSink) rethrows {
        let titles = columns.map(\.title.escapingControlCharacters)
        let columnCount = columns.count
        var pieces = concurrentPieces(of: rows.count) { range in MeasuredRows(rows[range], columnCount: columnCount) }
        var widths = titles.map(\.terminalWidth)
        for piece in pieces {
            for column in widths.indices { widths[column] = max(widths[column], piece.widths[column]) }
        }
        let alignments = columns.map(\.alignment)
        var header = ""
        Self.write(titles, widths: titles.map(\.terminalWidth), columns: widths, alignments: alignments) {
            header += $0
        } padding: {
            header += String(repeating: " ", count: $0)
        }
        try
            (style.bold(header) + "\n"
            + style.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) + "\n")
            .write(to: sink)
        let columnWidths = widths
        var bodies = pieces.concurrentMap { $0.text(columns: columnWidths, alignments: alignments) }
        // What is written no longer needs its cells' widths or its bytes: let each go as soon as it
        // can (100,000 rows of 39 cells are tens of megabytes each way).
        pieces = []
        for index in bodies.indices {
            try bodies[index].write(to: sink)
            bodies[index] = []
        }
    }

    /// Some consecutive rows ready to be written: control characters escaped (only the rows that
    /// hold one are copied), each cell's width measured once, and the widest cell of each column.
    private struct MeasuredRows: Sendable {
        var rows: ArraySlice<[String]>
        /// Each cell's width, row after row (32 bits: half the memory of a table's cells).
        var cellWidths: [Int32] = []
        var widths: [Int]

        init(_ rows: ArraySlice<[String]>, columnCount: Int) {
            self.rows = rows
            widths = Array(repeating: 0, count: columnCount)
            cellWidths.reserveCapacity(rows.count * columnCount)
            for row in rows.indices {
                for (column, cell) in rows[row].enumerated() {
                    // Most cells are printable ASCII: one pass over their bytes tells both.
                    let width: Int
                    if let ascii = cell.printableASCIICount {
                        width = ascii
                    } else {
                        if cell.hasControlCharacters { self.rows[row][column] = cell.escapingControlCharacters }
                        width = self.rows[row][column].terminalWidth
                    }
                    cellWidths.append(Int32(clamping: width))
                    widths[column] = max(widths[column], width)
                }
            }
        }

        /// The rows as bytes, each cell padded to its column's width and each row ending in a line
        /// break: appending a cell's bytes copies them at once.
        func text(columns widths: [Int], alignments: [Alignment]) -> [UInt8] {
            var output: [UInt8] = []
            output.reserveCapacity(rows.count * (widths.reduce(0, +) + 2 * widths.count + 1))
            var position = 0
            for row in rows {
                TextTable.write(
                    row, widths: cellWidths[position..<(position + row.count)].lazy.map(Int.init), columns: widths,
                    alignments: alignments
                ) {
                    output.append(contentsOf: $0.utf8)
                } padding: {
                    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: $0))
                }
                output.append(UInt8(ascii: "\n"))
                position += row.count
            }
            return output
        }
    }

    /// Writes a row's cells, each padded to its column's width (after it, or before it when the
    /// column is aligned right; the last cell is not padded after), two spaces apart.
    private static func write(
        _ cells: [String], widths cellWidths: some Collection<Int>, columns widths: [Int],
        alignments: [Alignment], text: (String) -> Void, padding: (Int) -> Void
    ) {
        for (index, (cell, width)) in zip(cells, cellWidths).enumerated() {
            if index > 0 { padding(2) }
            let missing = widths[index] - width
            if alignments[index] == .right {
                if missing > 0 { padding(missing) }
                text(cell)
            } else {
                text(cell)
                if index < cells.count - 1, missing > 0 { padding(missing) }
            }
        }
    }

    /// The table as CSV (RFC 4180): cells with commas, quotes or line breaks are quoted.
    public func renderCSV() -> String {
        func escape(_ cell: String) -> String {
            // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
            guard cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
                return cell
            }
            return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
        }
        return ([columns.map(\.title)] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\n")
            + "\n"
    }

    /// The table as a GitHub-flavoured Markdown table. Each cell stays one cell and shows its text,
    /// not markup: control characters (a line break) are written as escapes, `|` as `\|`, and `&`,
    /// `<` and `>` as entities, so a name holding HTML renders as text.
    public func renderMarkdown() -> String {
        func escape(_ cell: String) -> String {
            cell.escapingControlCharacters.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;")
                .replacingAll(">", with: "&gt;")
                .replacingAll("|", with: "\\|")
        }
        var output = "| " + columns.map { escape($0.title) }.joined(separator: " | ") + " |\n"
        output += "|" + columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { output += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return output
    }
}

extension String {
    /// The string with every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
