/// A complete HTML document with Hyperscope's inline style sheet: no script, nothing fetched from
/// the network, so a saved report opens offline.
package enum HTMLPage {
    /// The document around `body` (already escaped markup).
    ///
    /// - Parameters:
    ///   - title: The page title (escaped here).
    ///   - navigation: Links for the top bar as (label, href) pairs (escaped here); empty for a standalone report.
    ///   - refreshSeconds: When set, the browser reloads the page this often (live updates without JavaScript).
    package static func document(
        title: String, body: String, navigation: [(String, String)] = [], refreshSeconds: Int? = nil
    ) -> String {
        let refresh = refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">\n" } ?? ""
        let links = navigation.map { "<a href=\"\(Markup.escape($0.1))\">\(Markup.escape($0.0))</a>" }.joined(
            separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh)<title>\(Markup.escape(title))</title>
            <style>\(styleSheet)</style>
            </head>
            <body>
            <header><strong>hyperscope</strong>\(links.isEmpty ? "" : "<nav>\n" + links + "\n</nav>")</header>
            <main>
            <h1>\(Markup.escape(title))</h1>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// A titled section around markup.
    package static func section(_ title: String, id: String? = nil, _ content: String) -> String {
        let anchor = id.map { " id=\"\(Markup.escape($0))\"" } ?? ""
        return "<section\(anchor)>\n<h2>\(Markup.escape(title))</h2>\n\(content)\n</section>\n"
    }

    /// A bulleted list of texts (escaped here).
    package static func list(_ items: [String], className: String? = nil) -> String {
        let attribute = className.map { " class=\"\(Markup.escape($0))\"" } ?? ""
        return "<ul\(attribute)>\n" + items.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A figure holding an SVG document produced by this library.
    ///
    /// The document's root element, which it starts with, gains `role="img"` for screen readers:
    /// inserted there, not searched for through the whole document (hundreds of kilobytes for a
    /// plot of 2,000 trials).
    package static func figure(_ svg: String) -> String {
        let root = "<svg xmlns=\"http://www.w3.org/2000/svg\" width="
        let labelled = svg.hasPrefix(root) ? "<svg role=\"img\" " + svg.dropFirst(5) : svg
        return "<figure>\n" + labelled + "</figure>\n"
    }

    static let styleSheet = """
        body{margin:0;font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#f6f7f9;font-size:14px}
        header{background:#223;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
        header nav{display:flex;gap:16px;flex-wrap:wrap}header a{color:#cde;text-decoration:none}header a:hover{text-decoration:underline}
        main{max-width:1240px;margin:0 auto;padding:8px 24px 48px}
        h1{font-size:22px;margin:18px 0 8px}h2{font-size:17px;margin:0 0 10px}
        section{background:#fff;border:1px solid #dde;border-radius:6px;padding:14px 18px;margin:14px 0;overflow-x:auto}
        table{border-collapse:collapse;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #e4e6ea;text-align:left;vertical-align:top}
        th{background:#f0f2f5;position:sticky;top:0}td.number,th.number{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:8px 0}figure svg{max-width:100%;height:auto}
        .grid{display:flex;flex-wrap:wrap;gap:8px}.grid figure{flex:0 1 420px}
        .cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #dde;border-radius:6px;padding:8px 12px;min-width:300px;flex:1 1 320px;background:#fcfcfd;overflow-x:auto}
        .card table{font-size:12px}.card td,.card th{padding:2px 6px}
        .card h3{font-size:14px;margin:0 0 6px}.card .category{font-size:11px;color:#667;text-transform:uppercase}
        .low{opacity:.45}.bar{display:inline-block;height:9px;background:#4477AA;border-radius:2px;vertical-align:middle}
        tr.state-completed td:nth-child(2){color:#1a7f37}tr.state-failed td:nth-child(2){color:#c62828}tr.state-pruned td:nth-child(2),tr.state-interrupted td:nth-child(2){color:#9a6700}tr.state-running td:nth-child(2){color:#0550ae}
        .muted{color:#667}.recommendations li{margin:4px 0}
        form.filter{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-bottom:10px}form.filter input[type=text]{padding:4px 6px}form.filter input[name=where]{min-width:420px}
        pre{background:#f3f4f6;padding:8px;overflow-x:auto;font-size:12px}
        """
}
