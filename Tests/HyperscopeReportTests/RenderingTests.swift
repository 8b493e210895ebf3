import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport
import Testing

@Suite("Tables, numbers and run renderings")
struct RenderingTests {
    let table = TextTable(
        columns: [TextTable.Column("name"), TextTable.Column("val/acc", alignment: .right)],
        rows: [["adam, big", "0.93"], ["sgd|small", "0.7"]])

    @Test("text tables align columns: names left, numbers right")
    func textTable() {
        #expect(
            table.renderText() == """
                name       val/acc
                ─────────  ───────
                adam, big     0.93
                sgd|small      0.7

                """)
    }

    @Test("a table of 20,000 rows, written in pieces on every core, aligns every row to the widest cell anywhere")
    func largeTextTable() {
        // The widest name is in the last row and a control character near the end, so a piece that
        // measured or escaped only its own rows would misalign or leak them.
        var rows = (0..<20_000).map { ["run \($0)", String($0 % 97)] }
        rows[19_999][0] = "the widest name of them all"
        rows[18_500][0] = "bell\u{7}"
        rows[15_000][0] = "naïve ✓"  // Padded by the characters shown, not by its bytes.
        let lines = TextTable(
            columns: [TextTable.Column("name"), TextTable.Column("value", alignment: .right)], rows: rows
        )
        .renderText().split(separator: "\n")
        #expect(lines.count == 20_002)
        let width = "the widest name of them all".count + 2 + "value".count
        #expect(lines.allSatisfy { $0.count == width })
        #expect(lines[2] == "run 0" + String(repeating: " ", count: width - 6) + "0")
        #expect(lines[18_502].hasPrefix("bell\\u{7}"))
        #expect(!lines.contains { $0.contains("\u{7}") })
    }

    @Test("insight blocks: values aligned, low-confidence values marked and dimmed only with colour")
    func insightText() throws {
        let runs = [("adam", 0.9), ("adam", 0.8), ("adam", 0.7), ("adam", 0.6), ("sgd", 0.5)].enumerated().map {
            index, pair in
            Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                status: .completed, params: ["opt": .string(pair.0)],
                curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [pair.1])])
        }
        let report = try InsightReport.analyse(
            runs, selection: MetricSelection(metric: MetricKey(parsing: "val/acc"), goal: .maximize)
        ).get()
        let plain = InsightRendering.text(report).split(separator: "\n", omittingEmptySubsequences: false)
        let coloured = InsightRendering.text(report, style: TerminalStyle(usesColour: true))
            .split(separator: "\n", omittingEmptySubsequences: false)
        let adam = try #require(plain.firstIndex { $0.contains("adam") })
        let sgd = try #require(plain.firstIndex { $0.contains("sgd") })
        #expect(plain[adam].hasPrefix("      adam  ") && plain[adam].hasSuffix("(4)  mean 0.75, best 0.9"))
        #expect(plain[sgd].hasPrefix("    • sgd   ") && plain[sgd].hasSuffix("(1)  mean 0.5, best 0.5"))
        #expect(coloured[adam] == plain[adam])
        #expect(coloured[sgd] == "\u{1B}[2m" + plain[sgd] + "\u{1B}[0m")
        #expect(coloured.contains("  \u{1B}[1mopt\u{1B}[0m"))
    }

    @Test("CSV quotes cells with commas and quotes; Markdown escapes pipes")
    func csvAndMarkdown() {
        #expect(table.renderCSV() == "name,val/acc\n\"adam, big\",0.93\nsgd|small,0.7\n")
        #expect(
            TextTable(columns: [TextTable.Column("a")], rows: [["say \"hi\""]]).renderCSV() == "a\n\"say \"\"hi\"\"\"\n"
        )
        #expect(
            table.renderMarkdown()
                == "| name | val/acc |\n| --- | ---: |\n| adam, big | 0.93 |\n| sgd\\|small | 0.7 |\n")
    }

    @Test(
        "metric values keep four significant digits; durations and counts read easily",
        arguments: [
            (0.949_812, "0.9498"), (182.44, "182.4"), (0.000_012_1, "1.21e-05"), (1_234_567.0, "1.235e+06"), (0.0, "0"),
            (-2.5, "-2.5"), (100.0, "100"),
        ])
    func metricFormatting(_ value: Double, text: String) {
        #expect(NumberFormatting.metric(value) == text)
    }

    @Test("durations, grouping and the progress line")
    func smallFormats() {
        #expect(NumberFormatting.duration(4.26) == "4.3s")
        #expect(NumberFormatting.duration(185) == "3m05s")
        #expect(NumberFormatting.duration(7500) == "2h05m")
        #expect(NumberFormatting.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormatting.metric(nil) == "–")
        #expect(NumberFormatting.metric(.nan) == "NaN")
        #expect(NumberFormatting.pStatement(0.031_24) == "p = 0.0312")
        #expect(NumberFormatting.pStatement(2e-7) == "p < 0.0001")
        #expect(
            ProgressLine.render(done: 5, total: 20, unit: "files", detail: "7 runs", elapsedSeconds: 2)
                == "[█████░░░░░░░░░░░░░░░] 5/20 files · 7 runs · ETA 6.0s")
    }

    @Test("a run's JSON has typed params and metric summaries that honour the goals")
    func runJSON() {
        let run = Run(
            id: 7, key: "/l/a.jsonl", name: "a", source: "/l/a.jsonl", format: .hyperscope, status: .completed,
            params: ["optim.lr": .float(0.01), "batch_size": .int(64)],
            curves: [
                MetricCurve(key: MetricKey(parsing: "val/loss"), values: [0.5, 0.3, 0.4]),
                MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5, .nan, 0.9, 0.8]),
            ])
        let json = RunRendering.json(run, goals: MetricGoals())
        #expect(json["params"]?["batch_size"] == .int(64))
        #expect(json["metrics"]?["val/loss"]?["best"] == .float(0.3))
        #expect(json["metrics"]?["val/acc"]?["best"] == .float(0.9))
        #expect(json["metrics"]?["val/acc"]?["last"] == .float(0.8))
        #expect(json["metrics"]?["val/acc"]?["count"] == .int(4))
        let flipped = RunRendering.json(run, goals: MetricGoals(all: .minimize))
        #expect(flipped["metrics"]?["val/acc"]?["best"] == .float(0.5))
        let listing = RunRendering.listing([run], goals: MetricGoals())
        #expect(
            listing.columns.map(\.title) == [
                "id", "name", "status", "batch_size", "optim.lr", "val/acc ↑", "val/loss ↓",
            ])
    }

    @Test("a number's metric text kept as numbers is the same exactly when the text is the same")
    func metricTextsAsNumbers() {
        var generator = SplitMix64(seed: 28)
        // Numbers near the switches of notation and of integer digits, where rounding carries, and
        // long ones written by their description at 17 digits; each with its neighbours.
        var numbers: [Double] = [
            9.99995e-5, 1e-4, 0.99995, 1, 999_999.5, 1e6, 123_456.789_012_345_67, 1e-300, 1e300, 5e-324, 0.5,
        ]
        for _ in 0..<2_000 {
            let exponent = Double(Int(generator.next() % 24) - 12)
            numbers.append(Double(generator.next() % 1_000_000_000) / 1e8 * pow(10, exponent))
        }
        numbers += numbers.map(\.nextUp) + numbers.map(\.nextDown)
        numbers += numbers.map { -$0 }
        for digits in [4, 5, 9, 16, 17] {
            let texts = numbers.map { NumberFormatting.metric($0, digits: digits) }
            let kept = numbers.map { NumberFormatting.metricText($0, digits: digits) }
            var numberOfText: [String: NumberFormatting.MetricText] = [:]
            var textOfNumber: [NumberFormatting.MetricText: String] = [:]
            for (text, number) in zip(texts, kept) {
                #expect(numberOfText[text, default: number] == number, "\(text) at \(digits) digits")
                #expect(textOfNumber[number, default: text] == text, "\(text) at \(digits) digits")
                numberOfText[text] = number
                textOfNumber[number] = text
                let read = Double(text)!
                #expect(abs(number.approximateValue - read) <= max(abs(read) * 1e-15, 1e-300), "\(text)")
            }
        }
    }

    @Test("tables show sampled floats to four significant digits, and more where two would read alike")
    func parameterDigits() {
        #expect(
            Value.distinguishingDigits([
                .float(0.013519735457265352), .float(0.05630815614752088), .float(0.0135), .string("x"), nil,
            ]) == 4)
        // 0.0123451 and 0.0123452 read 0.01235 at four digits and 0.012345 at five; six tell them apart.
        #expect(Value.distinguishingDigits([.float(0.0123451), .float(0.0123452), .float(0.3)]) == 6)
        #expect(Value.distinguishingDigits([.float(0.1), .float(0.1.nextUp)]) == 17)
        // Integers and strings never ask for more digits.
        #expect(Value.distinguishingDigits([.int(12_345_678), .int(12_345_679), .string("0.0123451")]) == 4)
        // Against the definition (the fewest digits from four at which no two distinct numbers read
        // alike), on random numbers rounded to a few digits and straddling the switches of notation.
        var generator = SplitMix64(seed: 27)
        for trial in 0..<300 {
            let numbers = (0..<(2 + trial % 40)).map { _ -> Double in
                let magnitude = [1e-4, 1e6, 1, 0.001, 123.0][Int(generator.next() % 5)]
                let digits = Double(3 + generator.next() % 8)
                let scale = pow(10, digits)
                let raw = magnitude * (0.9 + 0.2 * Double(generator.next() % 1_000_000) / 1e6)
                return (raw * scale / magnitude).rounded() * magnitude / scale * (generator.next() % 2 == 0 ? 1 : -1)
            }
            let distinct = Set(numbers)
            let expected =
                (4...17).first { digits in
                    Set(distinct.map { NumberFormatting.metric($0, digits: digits) }).count == distinct.count
                } ?? 17
            #expect(Value.distinguishingDigits(numbers.map(Value.float)) == expected, "\(numbers)")
            // Each value's short text at those digits, in the order given: repeats, non-finite
            // numbers and other values too, and only the values counted.
            let given =
                numbers.map(Value.float) + [.float(numbers[0]), .float(.nan), .float(-.infinity), .float(0)]
                + [.float(-0.0), .string("x"), .int(3)]
            let all = Value.shortTexts(given)
            #expect(all.digits == Value.distinguishingDigits(given.map(Optional.some)))
            #expect(all.texts == given.map { $0.shortText(digits: all.digits) }, "\(given)")
            let counted = given.indices.map { $0 % 3 != 1 }
            let some = Value.shortTexts(given, counted: counted)
            #expect(
                some.digits
                    == Value.distinguishingDigits(given.indices.filter { counted[$0] }.map { Optional(given[$0]) }))
            #expect(some.texts == given.indices.map { counted[$0] ? given[$0].shortText(digits: some.digits) : "" })
        }
        func run(_ id: Int64, lr: Double, seed: Int64) -> Run {
            Run(
                id: id, key: "k\(id)", name: "r\(id)", source: "s", format: .hyperscope, status: .completed,
                params: ["lr": .float(lr), "seed": .int(seed)],
                curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5 + lr])])
        }
        let sampled = [run(1, lr: 0.013519735457265352, seed: 0), run(2, lr: 0.05630815614752088, seed: 0)]
        #expect(RunRendering.listing(sampled, goals: MetricGoals()).rows.map { $0[3] } == ["0.01352", "0.05631"])
        let close = [run(1, lr: 0.0123451, seed: 0), run(2, lr: 0.0123452, seed: 0), run(3, lr: 0.0123451, seed: 1)]
        #expect(
            RunRendering.listing(close, goals: MetricGoals()).rows.map { $0[3] } == [
                "0.0123451", "0.0123452", "0.0123451",
            ])
        let sweep = SweepSummary(
            runs: close, selection: MetricSelection(metric: MetricKey(parsing: "val/acc"), goal: .maximize))
        #expect(sweep.varying == ["lr"])
        #expect(SweepRendering.table(sweep).rows.map { $0[0] }.sorted() == ["0.0123451", "0.0123452"])
        // The JSON keeps the exact value, for scripts.
        guard case .list(let groups)? = SweepRendering.json(sweep)["groups"] else {
            Issue.record("no groups in the sweep JSON")
            return
        }
        #expect(Set(groups.compactMap { $0["display"]?["lr"]?.stringValue }) == ["0.0123451", "0.0123452"])
        #expect(Set(groups.compactMap { $0["params"]?["lr"] }) == [.float(0.0123451), .float(0.0123452)])
    }

    @Test("a sweep table's cells are its groups' values as display names and distinguishing digits write them")
    func sweepTableCells() {
        // Floats that read alike at four digits, one a display name renames, a key some runs lack
        // (renamed `null`), text and numbers in one column, and groups of several runs.
        let lrs = [0.0123451, 0.0123452, 0.1, 0.25, 3e-5]
        let optims: [Value?] = [.string("adam"), .string("sgd"), nil, .int(3)]
        var runs: [Run] = []
        for index in 0..<60 {
            var params: [String: Value] = ["lr": .float(lrs[index % lrs.count]), "seed": .int(Int64(index % 3))]
            params["optim"] = optims[index % optims.count]
            runs.append(
                Run(
                    id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                    status: .completed, params: params,
                    curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [Double(index % 7) / 10])]))
        }
        let sweep = SweepSummary(
            runs: runs, selection: MetricSelection(metric: MetricKey(parsing: "val/acc"), goal: .maximize))
        #expect(Set(sweep.varying) == ["lr", "optim"])
        let renaming = DisplayNames(values: ["optim": ["null": "none", "adam": "Adam"], "lr": ["0.1": "a tenth"]])
        for names in [DisplayNames(), renaming] {
            // By the definition: each column's digits over its groups' floats, each cell by `DisplayNames`.
            let digits = sweep.varying.indices.map { column in
                Value.distinguishingDigits(sweep.groups.map { $0.combination[column] })
            }
            let expected = sweep.groups.map { group in
                sweep.varying.indices.map { names.value(group.combination[$0], of: group.keys[$0], digits: digits[$0]) }
            }
            let rows = SweepRendering.table(sweep, names: names).rows
            #expect(rows.map { Array($0.prefix(sweep.varying.count)) } == expected)
            #expect(rows.map { $0[sweep.varying.count] } == sweep.groups.map { String($0.summary?.count ?? 0) })
        }
        let lrColumn = sweep.varying.firstIndex(of: "lr")!
        let renamed = SweepRendering.table(sweep, names: renaming).rows.map { $0[lrColumn] }
        #expect(Set(renamed) == ["0.0123451", "0.0123452", "a tenth", "0.25", "3e-05"])
    }

    @Test("the ingestion summary's JSON has the keys scripts rely on")
    func summaryJSON() {
        var summary = IngestSummary()
        summary.filesSeen = 3
        summary.runsIngested = 2
        let json = IngestSummaryRendering.json(summary, database: "h.db")
        for key in [
            "files_seen", "runs_ingested", "runs_updated", "runs_unchanged", "problems", "files_unchanged", "mb_per_s",
        ] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["files_seen"] == .int(3))
    }
}

/// Numbers are formatted digit by digit into a buffer; the text is what string arithmetic gave before.
@Suite("Number formatting")
struct NumberFormattingTests {
    /// The formatting before it wrote into a buffer, kept here as the reference: fixed decimals by
    /// integer division, then trailing zeros trimmed as text.
    static func referenceFixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let integer = Int64(scaled)
        let divisor = Int64(scale)
        var text = String(integer / divisor)
        if decimals > 0 {
            let fraction = String(integer % divisor)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && integer != 0 ? "-" : "") + text
    }

    static func referenceTrimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }

    @Test("fixed and trimmed texts equal the reference on 200,000 random values, zeros, halves and signs")
    func sameAsReference() {
        var generator = SplitMix64(seed: 2026)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1, -1, 9.5, 0.05, 123_456.785, 1e-5, -2e-7]
        for _ in 0..<200_000 {
            let exponent = Double(Int(generator.next() % 16)) - 8
            let mantissa = Double(generator.next() % 2_000_000) / 1e6 - 1
            values.append(mantissa * pow(10, exponent))
        }
        for (index, value) in values.enumerated() {
            let decimals = index % 9
            #expect(NumberFormatting.fixed(value, decimals: decimals) == Self.referenceFixed(value, decimals: decimals))
            // metric trims what fixed gives: no trailing zero after a point, and no bare point.
            let text = NumberFormatting.metric(value, digits: 1 + index % 8)
            let mantissa = String(text.prefix { $0 != "e" })
            #expect(Self.referenceTrimmed(mantissa) == mantissa, "\(value): \(text)")
        }
    }

    @Test("appending a number's text gives the bytes of its string, for every kind of number")
    func appendedTexts() {
        var generator = SplitMix64(seed: 7)
        var values: [Double?] = [nil, 0, -0.0, .nan, .infinity, -.infinity, 1e-5, 2e6, 9e15, -3e17, 0.99995, 1e300]
        for _ in 0..<20_000 {
            let exponent = Double(Int(generator.next() % 24)) - 12
            values.append((Double(generator.next() % 2_000_000) / 1e6 - 1) * pow(10, exponent))
        }
        for (index, value) in values.enumerated() {
            let digits = 1 + index % 8
            var bytes: [UInt8] = Array("x".utf8)
            NumberFormatting.appendMetric(value, digits: digits, to: &bytes)
            #expect(
                bytes == Array(("x" + NumberFormatting.metric(value, digits: digits)).utf8),
                "\(String(describing: value))")
            guard let value else { continue }
            let decimals = index % 9
            bytes = []
            NumberFormatting.appendFixed(value, decimals: decimals, to: &bytes)
            #expect(bytes == Array(NumberFormatting.fixed(value, decimals: decimals).utf8), "\(value)")
        }
    }

    /// Scientific notation as string arithmetic wrote it before it went into a buffer: the
    /// exponent by repeated division, the mantissa's fixed text trimmed, a sign and at least two
    /// exponent digits.
    static func referenceScientific(_ value: Double, digits: Int) -> String {
        var exponent = 0
        var magnitude = abs(value)
        while magnitude >= 10 {
            magnitude /= 10
            exponent += 1
        }
        while magnitude < 1 {
            magnitude *= 10
            exponent -= 1
        }
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        // 10^324 is not a double: a subnormal is scaled by 10^300 first.
        var rest = 1.0
        for _ in 0..<max(0, -exponent - 300) { rest *= 10 }
        var mantissa = exponent < -300 ? value * 1e300 * rest : value / (exponent < 0 ? 1 / power : power)
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let fixed = mantissa.isFinite ? referenceFixed(mantissa, decimals: digits - 1) : "\(mantissa)"
        return referenceTrimmed(fixed) + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "")
            + String(abs(exponent))
    }

    @Test("scientific texts equal the reference: large, small, subnormal, 1 to 17 digits, signs")
    func scientificSameAsReference() {
        var generator = SplitMix64(seed: 7)
        var values: [Double] = [1e6, -1e6, 9.99995e-5, 1e-300, 5e-324, -2.5e-310, 1.7976931348623157e308, 1e100]
        for _ in 0..<100_000 {
            let exponent = Double(Int(generator.next() % 40)) - 20
            let mantissa = Double(generator.next() % 2_000_000_000) / 1e9 - 1
            let value = mantissa * pow(10, exponent)
            if value != 0, abs(value) >= 1e6 || abs(value) < 1e-4 { values.append(value) }
        }
        // Subnormals read as themselves (they once read "infe-323").
        #expect(NumberFormatting.metric(5e-324, digits: 5) == "4.9407e-324")
        #expect(NumberFormatting.metric(-2.5e-310, digits: 4) == "-2.5e-310")
        for (index, value) in values.enumerated() {
            let digits = 1 + index % 17
            #expect(NumberFormatting.metric(value, digits: digits) == Self.referenceScientific(value, digits: digits))
        }
    }
}
