import HyperscopeAnalysis
import HyperscopeCore

/// Reliability diagrams as one SVG: for each report a panel with the accuracy of each confidence bin
/// as a bar, the diagonal of perfect calibration, the gap between them shaded, and beneath it a
/// histogram of how many examples each bin holds. Reports sit side by side (before and after
/// temperature scaling).
public enum ReliabilityDiagramSVG {
    /// The diagram of `reports`.
    public static func render(_ reports: [CalibrationRendering.Named]) -> String {
        let panelWidth = 420.0
        var canvas = SVGCanvas(
            width: Int(panelWidth) * max(1, reports.count), height: 500, title: "Reliability diagram")
        for (index, named) in reports.enumerated() {
            drawPanel(named, on: &canvas, left: Double(index) * panelWidth)
        }
        return canvas.document
    }

    private static func drawPanel(_ named: CalibrationRendering.Named, on canvas: inout SVGCanvas, left: Double) {
        let report = named.report
        let area = PlotArea(left: left + 64, top: 70, right: left + 400, bottom: 350)
        let ticks: [(Double, String)] = stride(from: 0.0, through: 1.0, by: 0.2).map {
            ($0, NumberFormatting.metric($0))
        }
        canvas.text(
            x: left + 64, y: 52,
            "\(named.name): ECE \(NumberFormatting.metric(report.expectedCalibrationError, digits: 3)), "
                + "accuracy \(NumberFormatting.metric(report.accuracy, digits: 3))", size: 12)
        // The frame writes its y label at the canvas's left edge: only the first panel has one.
        area.drawFrame(on: &canvas, xTicks: ticks, yTicks: ticks, xLabel: "", yLabel: left == 0 ? "accuracy" : "")
        for bin in report.bins where bin.count > 0 {
            let x = area.x(bin.lower)
            let width = area.x(bin.upper) - x
            let detail =
                "(\(NumberFormatting.metric(bin.lower, digits: 3)), \(NumberFormatting.metric(bin.upper, digits: 3))]: "
                + "n \(bin.count), confidence \(NumberFormatting.metric(bin.meanConfidence)), "
                + "accuracy \(NumberFormatting.metric(bin.accuracy))"
            canvas.rect(
                x: x + 1, y: area.y(bin.accuracy), width: width - 2, height: area.bottom - area.y(bin.accuracy),
                fill: "#4c78a8", tooltip: detail)
            // The gap: from the bar's top to the mean confidence, red when over-confident.
            let top = area.y(max(bin.accuracy, bin.meanConfidence))
            let bottom = area.y(min(bin.accuracy, bin.meanConfidence))
            canvas.rect(
                x: x + 1, y: top, width: width - 2, height: bottom - top,
                fill: bin.gap < 0 ? "rgba(228,87,86,0.45)" : "rgba(84,162,75,0.45)", tooltip: detail)
        }
        canvas.line(x1: area.x(0), y1: area.y(0), x2: area.x(1), y2: area.y(1), stroke: "#888888", width: 1.5)
        // The confidence histogram beneath, its bars scaled to the fullest bin.
        let histogram = PlotArea(left: area.left, top: 380, right: area.right, bottom: 460)
        let fullest = Double(report.bins.map(\.count).max() ?? 1)
        for bin in report.bins where bin.count > 0 {
            let height = Double(bin.count) / max(1, fullest) * (histogram.bottom - histogram.top)
            canvas.rect(
                x: histogram.x(bin.lower) + 1, y: histogram.bottom - height,
                width: histogram.x(bin.upper) - histogram.x(bin.lower) - 2, height: height, fill: "#9ecae9",
                tooltip: "n \(bin.count)")
        }
        canvas.rect(
            x: histogram.left, y: histogram.top, width: histogram.right - histogram.left,
            height: histogram.bottom - histogram.top, fill: "none", stroke: "#333333")
        canvas.text(x: (area.left + area.right) / 2, y: 480, "confidence (examples per bin beneath)", anchor: "middle")
    }
}
