/// Writes a ``TextTable`` as an HTML table; every cell is escaped, right-aligned columns get the `number` class.
package enum HTMLTable {
    /// The table's markup; `links` gives, for some rows, an href for the first cell.
    package static func render(
        _ table: TextTable, links: [Int: String] = [:], rowClasses: [Int: String] = [:]
    ) -> String {
        func cellClass(_ column: TextTable.Column) -> String { column.alignment == .right ? " class=\"number\"" : "" }
        var html =
            "<table>\n<thead><tr>"
            + table.columns.map { "<th\(cellClass($0))>\(Markup.escape($0.title))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            let rowClass = rowClasses[index].map { " class=\"\(Markup.escape($0))\"" } ?? ""
            html += "<tr\(rowClass)>"
            for (column, cell) in zip(table.columns, row).enumerated() {
                var content = Markup.escape(cell.1)
                if column == 0, let link = links[index] {
                    content = "<a href=\"\(Markup.escape(link))\">\(content)</a>"
                }
                html += "<td\(cellClass(cell.0))>\(content)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
