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
    /// none reaches the terminal.
    ///
    /// - Complexity: O(*cells*).
    public func renderText(style: TerminalStyle = .plain) -> String {
        let titles = columns.map(\.title.escapingControlCharacters)
        let rows = self.rows.map { $0.map(\.escapingControlCharacters) }
        let widths = columns.indices.map { column in
            rows.reduce(Self.width(titles[column])) { max($0, Self.width($1[column])) }
        }
        let spaces = String(repeating: " ", count: widths.max() ?? 0)
        // A row's cells padded to their columns' widths, two spaces apart, written into `output`.
        func write(_ cells: [String], into output: inout String) {
            for index in cells.indices {
                if index > 0 { output += "  " }
                let padding = spaces.prefix(widths[index] - Self.width(cells[index]))
                if columns[index].alignment == .right {
                    output += padding
                    output += cells[index]
                } else {
                    output += cells[index]
                    if index < cells.count - 1 { output += padding }
                }
            }
        }
        var header = ""
        write(titles, into: &header)
        var output = style.bold(header) + "\n"
        output += style.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) + "\n"
        output.reserveCapacity(output.utf8.count + rows.count * (widths.reduce(0, +) + 2 * widths.count))
        for row in rows {
            write(row, into: &output)
            output += "\n"
        }
        return output
    }

    /// How many characters a cell shows: its byte count when every byte is printable ASCII (one
    /// character each; the cells' control characters are escaped by then), else its characters
    /// counted, which is several times slower.
    private static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? cell.utf8.count : cell.count
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
