import HyperscopeAnalysis
import HyperscopeCore

/// Calibration as HTML, for the dashboard's run page and `hyperscope calibrate --html`: the figures
/// side by side (before and after temperature scaling), the reliability diagram, the bins, and the
/// triage of stochastic passes.
package enum CalibrationHTML {
    /// The reports compared as a table of figures, their diagram and the bins of each, then the triage.
    package static func body(_ reports: [CalibrationRendering.Named], triage: PassUncertainty.Triage?) -> String {
        var html = HTMLTable.render(CalibrationRendering.table(reports))
        html += HTMLPage.figure(ReliabilityDiagramSVG.render(reports))
        for named in reports {
            html += "<h3>Reliability bins, \(Markup.escape(named.name))</h3>\n"
            html += HTMLTable.render(CalibrationRendering.binTable(named.report))
        }
        if let triage { html += "<h3>Triage of the stochastic passes</h3>\n" + body(triage) }
        return html
    }

    /// A triage's buckets and whether the spread tells mistakes from right predictions.
    package static func body(_ triage: PassUncertainty.Triage) -> String {
        HTMLTable.render(UncertaintyRendering.bucketTable(triage))
            + "<p>\(Markup.escape(UncertaintyRendering.separationLine(triage)))</p>\n"
    }

    /// A standalone page (it opens offline) of a predictions file's calibration: the reports with their
    /// intervals and diagram, the triage of each split with stochastic passes, and the rows left out.
    package static func document(
        title: String, reports: [CalibrationRendering.Named],
        triages: [(split: String, triage: PassUncertainty.Triage)],
        problems: [IngestProblem]
    ) -> String {
        var html = HTMLPage.section("Calibration", id: "calibration", body(reports, triage: nil))
        for (split, triage) in triages {
            html += HTMLPage.section(
                "Uncertainty of the stochastic passes, \(split)", id: "triage-\(split)", body(triage))
        }
        if !problems.isEmpty {
            let items = problems.prefix(100).map { problem in
                Markup.escape((problem.line.map { "line \($0): " } ?? "") + problem.reason)
            }
            html += HTMLPage.section(
                "\(problems.count) rows left out", id: "problems",
                HTMLPage.list(items + (problems.count > 100 ? ["… and \(problems.count - 100) more"] : [])))
        }
        return HTMLPage.document(title: title, body: html)
    }

    /// A run's stored calibration: its split, and the split after temperature scaling when one was fitted.
    package static func body(_ calibration: RunCalibration) -> String {
        body(reports(calibration), triage: calibration.triage)
    }

    /// The reports of a run's calibration, named as `hyperscope calibrate` names them.
    package static func reports(_ calibration: RunCalibration) -> [CalibrationRendering.Named] {
        var reports = [CalibrationRendering.Named(name: calibration.split, report: calibration.report)]
        if let temperature = calibration.temperature, let after = calibration.afterTemperature {
            reports.append(
                CalibrationRendering.Named(
                    name: "\(calibration.split), T = \(NumberFormatting.metric(temperature))", report: after,
                    temperature: temperature))
        }
        return reports
    }
}
