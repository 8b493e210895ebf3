import HyperscopeCore
import HyperscopeIngest
import TestSupport
import Testing

@Suite("Trial tables and results files")
struct TableFormatTests {
    @Test("an Optuna trials_dataframe export: params_*, value, state, times; a short row is a problem at its line")
    func optunaExport() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/optuna_trials.csv")])
        #expect(result.runs.count == 4)
        let first = try #require(result.runs["optuna_trials#0"])
        #expect(first.format == .csvTable)
        #expect(first.params == ["lr": .float(0.001), "optimizer": .string("adam"), "n_layers": .int(2)])
        #expect(first.values("value") == [0.81])
        #expect(first.status == .completed)
        #expect(first.trainingSeconds == 5.5)
        #expect(first.startedAt == 1_714_557_600)
        #expect(first.attributes["user_attrs_note"] == .string("first, with comma"))
        let pruned = try #require(result.runs["optuna_trials#2"])
        #expect(pruned.status == .pruned)
        #expect(pruned.curves.isEmpty)
        #expect(pruned.params["n_layers"] == nil)
        #expect(result.runs["optuna_trials#4"]?.status == .failed)
        #expect(
            result.summary.problem("optuna_trials.csv", line: 5)?.reason.contains("row has 5 fields, the header has 11")
                == true)
    }

    @Test("an Optuna export as pandas writes JSON by default: an object of columns, times in milliseconds")
    func optunaJSONExport() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/optuna_trials.json")])
        let first = try #require(result.runs["optuna_trials#0"])
        #expect(first.format == .jsonTable)
        #expect(first.params == ["lr": .float(0.001), "optimizer": .string("adam")])
        #expect(first.values("value") == [0.81])
        #expect(first.trainingSeconds == 5.5)
        #expect(first.startedAt == 1_714_557_600)
        #expect(result.runs["optuna_trials#1"]?.status == .running)
        #expect(result.summary.problems.isEmpty)
    }

    @Test("a sweep export: config.* are parameters, summary.* metrics, Name/State/Runtime metadata")
    func sweepExport() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/sweep_export.csv")])
        let run = try #require(result.runs["brisk-sun-1"])
        #expect(run.params == ["optim.lr": .float(0.01), "batch_size": .int(64), "model": .string("resnet18")])
        #expect(run.values("val/acc") == [0.91])
        #expect(run.trainingSeconds == 120)
        #expect(result.runs["dark-star-3"]?.status == .failed)
    }

    @Test("a generic table takes its metric columns from --metric-columns; a bad cell is a problem at its line")
    func genericTable() async throws {
        let result = try await ingest(
            [TestSupport.fixture("logs/tables/generic.csv")],
            options: IngestOptions(metricColumns: ["recall@100", "latency_ms"]))
        let run = try #require(result.runs["generic#2"])
        #expect(run.params == ["lr": .float(0.02), "batch": .int(64)])
        #expect(run.values("recall@100") == [0.75])
        #expect(run.values("latency_ms") == [11.0])
        #expect(result.summary.problem("generic.csv", line: 4)?.reason.contains("recall@100 holds a string") == true)
    }

    @Test("a table without recognisable metric columns says how to name them")
    func noMetricColumns() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/generic.csv")])
        #expect(result.runs["generic#1"]?.params["recall@100"] == .float(0.71))
        #expect(result.summary.problem("generic.csv", line: 1)?.reason.contains("--metric-columns") == true)
    }

    @Test("JSON records with nested config and summary objects")
    func jsonRecords() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/records.json")])
        let run = try #require(result.runs["r1"])
        #expect(run.format == .jsonTable)
        #expect(run.params == ["optim.lr": .float(0.01), "layers": .list([.int(64), .int(32)])])
        #expect(run.values("val/loss") == [0.3])
        #expect(result.runs["r2"]?.status == .failed)
    }

    @Test("a sampler-bench results file: one run per entry, sampler_type a parameter, every score kept")
    func samplerBench() async throws {
        let result = try await ingest([TestSupport.fixture("logs/tables/sampler_bench_results.json")])
        #expect(result.runs.count == 3)
        let run = try #require(result.runs["sampler_bench_results#1"])
        #expect(run.format == .samplerBench)
        #expect(run.params == ["temperature": .float(0.7), "top_p": .float(0.9), "sampler_type": .string("top_p")])
        #expect(run.values("scores") == [7.5, 8.2, 8.6])
        #expect(run.curve(MetricKey(parsing: "scores"))?.axis(named: "sample") == [0, 1, 2])
        #expect(run.values("mean_score") == [8.1])
        #expect(run.trainingSeconds == 12.5)
        #expect(run.attributes["search_metadata.model"] == .string("llama-3-8b"))
        let failed = try #require(result.runs["sampler_bench_results#3"])
        #expect(failed.status == .failed)
        #expect(failed.statusReason == "CUDA out of memory")
    }

    @Test("a JSON file that is no table is passed over in a folder scan, but a problem when named")
    func unrecognisedJSON() async throws {
        let scanned = try await ingest(
            [TestSupport.fixture("logs/tables")], options: IngestOptions(metricColumns: ["recall@100"]))
        #expect(scanned.summary.passedOver.map(\.file) == ["not_a_table.json"])
        let named = try await ingest([TestSupport.fixture("logs/tables/not_a_table.json")])
        #expect(named.summary.problems.count == 1)
    }

    @Test("malformed JSON in a table is a problem with its line and column")
    func malformedJSONTable() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write("[\n  {\"a\": 1},\n  {\"a\": 2,}\n]\n", to: "bad.json", in: folder)
        let result = try await ingest([folder.path])
        let problem = try #require(result.summary.problem("bad.json", line: 3))
        #expect(problem.column == 11)
        #expect(problem.reason.contains("malformed JSON"))
    }
}
