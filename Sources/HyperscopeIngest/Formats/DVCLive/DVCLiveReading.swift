import Foundation
import HyperscopeCore

/// Reads the folder DVCLive writes for a run (`dvclive/`) as one run:
///
/// ```
/// dvclive/metrics.json                {"train": {"loss": 0.2}, "acc": 0.91, "step": 9}
/// dvclive/params.yaml                 lr: 0.001
/// dvclive/plots/metrics/train/loss.tsv    timestamp  step  loss   (a row a logged value)
/// ```
///
/// The run is read from `metrics.json` (the latest values); each `plots/metrics/**/NAME.tsv` is the
/// curve of the metric named by its path (`train/loss`) over `step`, and a value of `metrics.json`
/// without such a file is a one-point curve; `params.yaml` gives the parameters. DVCLive records no
/// end: the run is completed once its folder is no longer written to, running before.
enum DVCLiveReading {
    /// The file the run is read from.
    static let summaryName = "metrics.json"
    /// The folder of the run's curves, under the run's folder.
    static let plotsFolder = "plots"
    /// The parameters file, under the run's folder.
    static let paramsName = "params.yaml"

    /// Whether the folder at `path`, holding the entries `names`, is a DVCLive run's: its `metrics.json`
    /// beside a `plots/metrics` folder.
    static func isRunFolder(path: String, names: Set<String>) -> Bool {
        guard names.contains(summaryName), names.contains(plotsFolder) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/" + plotsFolder + "/metrics", isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Whether the file at `path` is a DVCLive run's `metrics.json`.
    static func isRunFile(_ path: String) -> Bool {
        guard (path as NSString).lastPathComponent == summaryName else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        return isRunFolder(path: folder, names: [summaryName, plotsFolder])
    }

    /// The run's curve files (relative to `plots/metrics`) and parameters file, with their
    /// modification times.
    static func companions(of path: String) -> [(path: String, modifiedAt: Double)] {
        let folder = (path as NSString).deletingLastPathComponent
        let metrics = folder + "/" + plotsFolder + "/metrics"
        var found: [(path: String, modifiedAt: Double)] = []
        for case let name as String in FileManager.default.enumerator(atPath: metrics)
            ?? FileManager.DirectoryEnumerator()
        where name.hasSuffix(".tsv") || name.hasSuffix(".csv") {
            if let status = try? SourceFile.status(of: metrics + "/" + name) { found.append((name, status.modifiedAt)) }
        }
        if let status = try? SourceFile.status(of: folder + "/" + paramsName) {
            found.append((paramsName, status.modifiedAt))
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Reads the run whose `metrics.json` at `source` holds `summary`, named `name`.
    static func read(
        _ summary: Value, source: String, name: String, looksAlive: Bool, maximumBytes: Int
    ) -> (runs: [Run], problems: [IngestProblem]) {
        var run = Run(key: source, name: name, source: source, format: .dvclive)
        run.setEndlessStatus(recordedBy: "a DVCLive folder", looksAlive: looksAlive)
        var problems: [IngestProblem] = []
        let folder = (source as NSString).deletingLastPathComponent
        var curves = CurveAccumulator()
        for file in companions(of: source) where file.path != paramsName {
            readCurve(
                folder + "/" + plotsFolder + "/metrics/" + file.path, named: String(file.path.dropLast(4)),
                into: &curves, source: source, maximumBytes: maximumBytes, problems: &problems)
        }
        let plotted = Set(curves.curves.map(\.key.description))
        for (key, value) in summary.flattened() where key != "step" {
            let metric = key.replacingOccurrences(of: ".", with: "/")
            guard !plotted.contains(metric), let number = value.numericValue else { continue }
            curves.append(number, to: MetricKey(parsing: metric))
        }
        run.curves = curves.curves
        readParameters(folder + "/" + paramsName, into: &run, source: source, problems: &problems)
        return ([run], problems)
    }

    /// One `plots/metrics` file: a row per logged value, `step` its x-axis, the column named like the
    /// file its value.
    private static func readCurve(
        _ path: String, named name: String, into curves: inout CurveAccumulator, source: String, maximumBytes: Int,
        problems: inout [IngestProblem]
    ) {
        let relative = "plots/metrics/" + name
        guard let bytes = try? SourceFile.readAll(path, limit: maximumBytes) else {
            problems.append(IngestProblem(file: source, reason: "\(relative): could not be read"))
            return
        }
        let parser = CSVParser(separator: path.hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ","))
        let records = parser.records(in: bytes).records
        guard let header = records.first?.fields,
            let valueColumn = header.lastIndex(where: { $0 != "timestamp" && $0 != "step" })
        else { return }
        let stepColumn = header.firstIndex(of: "step")
        let key = MetricKey(parsing: name)
        for record in records.dropFirst() where valueColumn < record.fields.count {
            guard let value = TableCell.value(of: record.fields[valueColumn])?.numericValue else {
                problems.append(
                    IngestProblem(
                        file: source, reason: "\(relative) line \(record.line): the value is not a number; skipped"))
                continue
            }
            let step = stepColumn.flatMap {
                $0 < record.fields.count ? TableCell.value(of: record.fields[$0])?.numericValue : nil
            }
            curves.append(value, to: key, at: step.map { [("step", $0)] } ?? [])
        }
    }

    /// The run's parameters from `params.yaml`, nested names dotted.
    private static func readParameters(
        _ path: String, into run: inout Run, source: String, problems: inout [IngestProblem]
    ) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let file = RunConfigFile(path: path, nameBesideLog: paramsName, convention: .dvclive)
        do throws(SourceReadError) {
            for (name, value) in try file.parameters() { run.params[name] = value }
        } catch {
            problems.append(IngestProblem(file: source, reason: "the run's params.yaml was not read: \(error.reason)"))
        }
    }
}
