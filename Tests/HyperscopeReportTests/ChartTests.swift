import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport
import Testing

@Suite("Curve bands and SVG charts")
struct ChartTests {
    static let runs: [Run] = (0..<3).map(run(seed:))

    static func run(seed: Int) -> Run {
        let name: Value = .string(seed < 2 ? "adam" : "sgd <&>")
        let offset = Double(seed)
        let values: [Double] = [0.5 + 0.01 * offset, 0.6, 0.7 + 0.02 * offset]
        let curve = MetricCurve(
            key: MetricKey(parsing: "val/acc"), values: values, axes: [CurveAxis(name: "epoch", values: [1, 2, 3])])
        return Run(
            id: Int64(seed + 1), key: "k\(seed)", name: "r\(seed)", source: "s", format: .hyperscope,
            params: ["optim.name": name, "seed": .int(Int64(seed))], curves: [curve])
    }

    @Test(
        "bands average runs at each x with a Student t interval (scipy.stats.t.interval(0.95, 1, loc=0.505, scale=0.005))"
    )
    func bands() throws {
        let bands = CurveBands(
            runs: Self.runs, metric: MetricKey(parsing: "val/acc"), groupedBy: ["optim.name"], xAxis: "epoch")
        #expect(bands.bands.map(\.label) == ["optim.name=adam", "optim.name=sgd <&>"])
        let first = try #require(bands.bands[0].points.first)
        #expect(first.count == 2)
        #expect(abs(first.mean - 0.505) < 1e-12)
        // scipy.stats.t.interval(0.95, 1, loc=0.505, scale=0.005) -> (0.4414689763191265, 0.5685310236808735)
        let interval = try #require(first.interval)
        #expect(abs(interval.lowerBound - 0.4414689763191265) < 1e-9)
        #expect(abs(interval.upperBound - 0.5685310236808735) < 1e-9)
        #expect(bands.bands[1].points.allSatisfy { $0.interval == nil })
        let missingAxis = CurveBands(
            runs: Self.runs, metric: MetricKey(parsing: "val/acc"), groupedBy: [], xAxis: "step")
        #expect(missingAxis.bands.isEmpty)
        #expect(missingAxis.skipped.count == 3)
    }

    @Test("the SVG has axes, ticks, a line and band per group, a legend, and escapes names")
    func svg() {
        let bands = CurveBands(
            runs: Self.runs, metric: MetricKey(parsing: "val/acc"), groupedBy: ["optim.name"], xAxis: "epoch")
        let svg = SVGLineChart.render(CurveBandsRendering.chart(bands))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 1)
        #expect(svg.contains("optim.name=sgd &lt;&amp;&gt; (n=1)"))
        #expect(!svg.contains("sgd <&>"))
        #expect(svg.contains(">epoch</text>"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test("the importance chart writes each value past its whisker and diamond, inside the picture")
    func importanceLabels() throws {
        var generator = SplitMix64(seed: 11)
        let runs = (0..<200).map { index in
            let (a, b, c) = (
                Double.random(in: 0...1, using: &generator), Double.random(in: 0...1, using: &generator),
                Double.random(in: 0...1, using: &generator)
            )
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["a": .float(a), "b": .float(b), "c": .float(c)],
                curves: [
                    MetricCurve(
                        key: MetricKey(parsing: "y"),
                        values: [5 * a + b + 0.3 * c * Double.random(in: 0...1, using: &generator)])
                ])
        }
        let importance = try ParameterImportance.compute(
            runs, selection: MetricSelection(metric: MetricKey(parsing: "y"), goal: .maximize), treeCount: 8
        ).get()
        let svg = StudyChartSVG.importance(importance, width: 600)
        func number(_ line: Substring, _ attribute: String) -> Double? {
            guard let start = line.range(of: " \(attribute)=\"") else { return nil }
            return Double(line[start.upperBound...].prefix { $0 != "\"" })
        }
        let lines = svg.split(separator: "\n")
        let whiskerEnds = lines.filter { $0.hasPrefix("<line") && $0.contains("#222222") }.compactMap {
            number($0, "x2")
        }
        let diamonds = lines.filter { $0.contains(">◆<") }.compactMap { number($0, "x") }
        let labels = lines.filter { $0.hasPrefix("<text") && $0.contains("font-size=\"10\"") }.compactMap {
            number($0, "x")
        }
        #expect(whiskerEnds.count == 3 && diamonds.count == 3 && labels.count == 3, "\(svg)")
        for row in labels.indices where row < whiskerEnds.count && row < diamonds.count {
            #expect(labels[row] > max(whiskerEnds[row], diamonds[row]), "row \(row): label at \(labels[row])")
            #expect(labels[row] + 30 <= 600, "row \(row): label at \(labels[row]) runs off the picture")
        }
    }

    @Test("log axes tick at 1, 2, 5 × 10ⁿ and leave out non-positive values")
    func logAxis() {
        let chart = LineChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                LineChart.Series(
                    name: "s",
                    points: [LineChart.Point(x: 1, y: 0), LineChart.Point(x: 2, y: 0.3), LineChart.Point(x: 3, y: 0.8)])
            ],
            logY: true)
        let svg = SVGLineChart.render(chart)
        #expect(svg.contains(">0.2</text>") && svg.contains(">0.5</text>") && svg.contains(">1</text>"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
    }

    @Test("a figure's SVG root gains role=\"img\" once; a title that spells the root tag is escaped and left alone")
    func figureRole() {
        let chart = LineChart(
            title: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=", xLabel: "x", yLabel: "y",
            series: [LineChart.Series(name: "s", points: [LineChart.Point(x: 1, y: 1), LineChart.Point(x: 2, y: 3)])])
        let svg = SVGLineChart.render(chart)
        let figure = HTMLPage.figure(svg)
        #expect(figure.hasPrefix("<figure>\n<svg role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width="))
        #expect(figure.components(separatedBy: "role=\"img\"").count == 2)
        #expect(figure == "<figure>\n<svg role=\"img\" " + svg.dropFirst(5) + "</figure>\n")
        #expect(HTMLPage.figure("<p>not an svg</p>") == "<figure>\n<p>not an svg</p></figure>\n")
    }
}
