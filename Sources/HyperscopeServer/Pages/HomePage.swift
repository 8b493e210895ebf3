import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/`: the studies with their trial counts and best values, and the collections of imported runs
/// (one per folder of logs or per table file) with their run counts and best values.
struct HomePage {
    let dashboard: Dashboard

    init(_ dashboard: Dashboard) {
        self.dashboard = dashboard
    }

    /// A study's row.
    struct StudyRow: Sendable {
        var study: StudyRecord
        var trialCount: Int
        var counts: [TrialState: Int]
        var best: Trial?
        func count(_ state: TrialState) -> Int { counts[state] ?? 0 }
    }

    /// A collection of runs that came from one place.
    struct Collection: Sendable {
        var name: String
        var format: String
        var runs: Int
        var selection: MetricSelection?
        var best: Double?
        var filter: String
    }

    /// The studies' rows, newest first, computed once per database state.
    func studyRows() async throws -> [StudyRow] {
        let data = dashboard.data
        return try await data.studyDerived("home") {
            var rows: [StudyRow] = []
            for study in try await data.studies() {
                guard let found = try await data.study(named: study.name) else { continue }
                var counts: [TrialState: Int] = [:]
                for trial in found.trials { counts[trial.state, default: 0] += 1 }
                rows.append(
                    StudyRow(
                        study: found.study, trialCount: found.trials.count, counts: counts,
                        best: found.trials.best(goal: found.study.goal)))
            }
            return rows
        }
    }

    /// The collections, computed once per database state and kept between requests.
    func collections() async throws -> [Collection] {
        try await dashboard.data.derived("collections") { try await Self.collections(of: $0) }
    }

    /// The stored runs' collections, from the run table: each one's metric chosen among those its
    /// runs have, and its best value among theirs.
    private static func collections(of stored: StoredRuns) async throws -> [Collection] {
        let table = stored.table
        var order: [String] = []
        var members: [String: [Int]] = [:]
        var folderKeys: Set<String> = []
        for row in 0..<table.count where table.formats[row] != .trial {
            let format = table.formats[row]
            let source = table.sources[row]
            // Logs are grouped by their folder; runs that are folders by the folder holding them.
            let folder: String
            if let runFolder = RunFolders.runFolder(ofSource: source, format: format) {
                folder = (runFolder as NSString).deletingLastPathComponent
            } else if format == .hyperscope || format == .drGen || format == .csvLog {
                folder = (source as NSString).deletingLastPathComponent
            } else {
                folder = source
            }
            let key = format.rawValue + "\u{0}" + folder
            if folder != source { folderKeys.insert(key) }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        var collections: [Collection] = []
        for key in order {
            let rows = members[key]!
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            let selection = try? MetricSelection.choose(
                metric: nil, at: "last", goals: MetricGoals(recorded: stored.recordedGoals),
                available: stored.metricSets.available(at: rows),
                anyRun: true
            ).get()
            var best: Double?
            if let selection {
                let values = try await stored.objectives.values(selection)
                for row in rows {
                    guard case .success(let value) = values[row] else { continue }
                    if best.map({ selection.goal.prefers(value, over: $0) }) ?? true { best = value }
                }
            }
            let pattern = folderKeys.contains(key) ? parts[1] + "/*" : parts[1]
            let filter = "format = \(parts[0]) and source ~ \"\(pattern.replacingOccurrences(of: "\"", with: "?"))\""
            collections.append(
                Collection(
                    name: parts[1], format: parts[0], runs: rows.count, selection: selection, best: best,
                    filter: filter))
        }
        return collections
    }

    func html() async throws -> String {
        let studies = try await studyRows()
        let collections = try await collections()
        var body = ""
        if studies.isEmpty && collections.isEmpty {
            body +=
                "<section><p>Nothing stored yet. Run <code>hyperscope quickstart</code>, <code>hyperscope ingest LOGS/</code> or <code>hyperscope search --config FILE</code>, then reload.</p></section>\n"
        }
        if !studies.isEmpty {
            let table = TextTable(
                columns: [
                    TextTable.Column("study"), TextTable.Column("metric"), TextTable.Column("strategy"),
                    TextTable.Column("trials", alignment: .right),
                    TextTable.Column("completed", alignment: .right), TextTable.Column("running", alignment: .right),
                    TextTable.Column("pruned", alignment: .right), TextTable.Column("failed", alignment: .right),
                    TextTable.Column("best", alignment: .right), TextTable.Column("started"),
                ],
                rows: studies.map { row in
                    [
                        row.study.name, "\(row.study.metric) \(row.study.goal == .maximize ? "↑" : "↓")",
                        row.study.strategy, NumberFormatting.grouped(row.trialCount),
                        NumberFormatting.grouped(row.count(.completed)), "\(row.count(.running))",
                        "\(row.count(.pruned))", "\(row.count(.failed))",
                        row.best.map { TrialRendering.valueText($0) } ?? "–", Timestamp.iso8601(row.study.startedAt),
                    ]
                })
            let links = Dictionary(
                uniqueKeysWithValues: studies.enumerated().map {
                    ($0.offset, "/studies/" + AccessPolicy.encode($0.element.study.name))
                })
            body += HTMLPage.section("Studies", id: "studies", HTMLTable.render(table, links: links))
        }
        if !collections.isEmpty {
            let table = TextTable(
                columns: [
                    TextTable.Column("collection"), TextTable.Column("format"),
                    TextTable.Column("runs", alignment: .right), TextTable.Column("metric"),
                    TextTable.Column("best", alignment: .right),
                ],
                rows: collections.map { collection in
                    [
                        collection.name, collection.format, NumberFormatting.grouped(collection.runs),
                        collection.selection?.metric.description ?? "–",
                        NumberFormatting.metric(collection.best),
                    ]
                })
            let links = Dictionary(
                uniqueKeysWithValues: collections.enumerated().map {
                    ($0.offset, "/runs?where=" + AccessPolicy.encode($0.element.filter))
                })
            body += HTMLPage.section("Run collections", id: "collections", HTMLTable.render(table, links: links))
        }
        return dashboard.page(title: "Studies and runs", body: body)
    }

    func json() async throws -> Value {
        let studies = try await studyRows().map { row in
            Value.object([
                Value.Field("name", .string(row.study.name)), Value.Field("metric", .string(row.study.metric)),
                Value.Field("goal", .string(row.study.goal.rawValue)),
                Value.Field("strategy", .string(row.study.strategy)),
                Value.Field(
                    "trials", .object(TrialState.allCases.map { Value.Field($0.rawValue, .int(Int64(row.count($0)))) })),
                Value.Field("best_value", row.best?.value.map(Value.float) ?? .null),
                Value.Field("best_trial", row.best.map { .int(Int64($0.number)) } ?? .null),
                Value.Field("started_at", .float(row.study.startedAt)),
            ])
        }
        let collections = try await collections().map { collection in
            Value.object([
                Value.Field("name", .string(collection.name)), Value.Field("format", .string(collection.format)),
                Value.Field("runs", .int(Int64(collection.runs))),
                Value.Field("metric", collection.selection.map { .string($0.metric.description) } ?? .null),
                Value.Field("best_value", collection.best.map(Value.float) ?? .null),
                Value.Field("where", .string(collection.filter)),
            ])
        }
        return .object([
            Value.Field("success", .bool(true)), Value.Field("studies", .list(studies)),
            Value.Field("collections", .list(collections)),
        ])
    }
}
