import HyperscopeAnalysis
import HyperscopeCore

/// Hyperparameter insights as cards: one per parameter, grouped by category, each value with its
/// score bar, count and mean; values resting on fewer than three runs are faded.
package enum InsightCardsHTML {
    /// The most values a card lists (best scores first); the rest are counted.
    package static let maximumValuesPerCard = 12

    /// The cards' markup.
    package static func render(_ report: InsightReport, names: DisplayNames = DisplayNames()) -> String {
        let direction = report.selection.goal == .maximize ? "≥" : "≤"
        var html =
            "<p class=\"muted\">\(report.goodRuns) of \(report.totalRuns) are good: \(Markup.escape(report.selection.metric.description)) \(direction) "
        html +=
            "\(Markup.escape(NumberFormatting.metric(report.goodThreshold))). Score = good/bad ratio (Laplace-smoothed); 1 is neutral; faded values rest on fewer than 3.</p>\n"
        html += "<div class=\"cards\">\n"
        let maximum = max(1, report.parameters.flatMap { $0.values.map(\.score) }.max() ?? 1)
        for parameter in report.parameters {
            html += "<div class=\"card\"><div class=\"category\">\(Markup.escape(parameter.category))</div>"
            html +=
                "<h3>\(Markup.escape(names.name(of: parameter.key) + parameter.aliasSuffix))\(parameter.exploded ? " <span class=\"muted\">(items)</span>" : "")</h3>\n<table>\n"
            html +=
                "<thead><tr><th>value</th><th class=\"number\">score</th><th></th><th class=\"number\">n</th><th class=\"number\">mean</th><th class=\"number\">best</th></tr></thead>\n<tbody>\n"
            for (value, shown) in zip(parameter.values, InsightRendering.readableLabels(parameter, names: names))
                .prefix(maximumValuesPerCard)
            {
                let width = Int((60 * value.score / maximum).rounded())
                html +=
                    "<tr class=\"confidence-\(value.confidence.rawValue)\(value.confidence == .low ? " low" : "")\">"
                html +=
                    "<td>\(Markup.escape(shown))</td><td class=\"number\">\(NumberFormatting.fixed(value.score, decimals: 2))</td>"
                html +=
                    "<td><span class=\"bar\" style=\"width:\(width)px\"></span></td><td class=\"number\">\(value.count)</td>"
                html += "<td class=\"number\">\(Markup.escape(NumberFormatting.metric(value.meanObjective)))</td>"
                html +=
                    "<td class=\"number\">\(Markup.escape(NumberFormatting.metric(value.bestObjective)))</td></tr>\n"
            }
            html += "</tbody></table>"
            if parameter.values.count > maximumValuesPerCard {
                html +=
                    "<p class=\"muted\">… and \(parameter.values.count - maximumValuesPerCard) more values (the JSON API lists them all).</p>"
            }
            html += "</div>\n"
        }
        return html + "</div>\n"
    }
}
