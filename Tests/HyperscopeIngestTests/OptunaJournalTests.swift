import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("Optuna journals")
struct OptunaJournalTests {
    /// A journal as Optuna 5.1's `JournalFileBackend` writes it (worker ids shortened): study "demo"
    /// (maximize) with an enqueued trial, a completed, a pruned and a failed one and one still
    /// waiting; study "two" (maximize, minimize) with one trial; study "gone", deleted.
    static let journal = """
        {"op_code":0,"worker_id":"w1","study_name":"demo","directions":[2]}
        {"op_code":4,"worker_id":"w1","study_id":0,"datetime_start":null,"state":4,"value":null,"values":null,"distributions":{},"params":{},"user_attrs":{},"system_attrs":{"fixed_params":{"lr":0.01,"opt":"sgd"}},"intermediate_values":{}}
        {"op_code":6,"worker_id":"w1","trial_id":0,"state":0,"values":null,"datetime_start":"2026-12-07T19:42:07.503087+00:00"}
        {"op_code":6,"worker_id":"w2","trial_id":0,"state":0,"values":null,"datetime_start":"2026-12-07T19:42:07.503090+00:00"}
        {"op_code":5,"worker_id":"w1","trial_id":0,"param_name":"lr","param_value_internal":0.01,"distribution":"{\\"name\\": \\"FloatDistribution\\", \\"attributes\\": {\\"step\\": null, \\"low\\": 0.0001, \\"high\\": 0.1, \\"log\\": true}}"}
        {"op_code":5,"worker_id":"w1","trial_id":0,"param_name":"opt","param_value_internal":1,"distribution":"{\\"name\\": \\"CategoricalDistribution\\", \\"attributes\\": {\\"choices\\": [\\"adam\\", \\"sgd\\"]}}"}
        {"op_code":8,"worker_id":"w1","trial_id":0,"user_attr":{"note":"x"}}
        {"op_code":7,"worker_id":"w1","trial_id":0,"step":0,"intermediate_value":0.51}
        {"op_code":7,"worker_id":"w1","trial_id":0,"step":1,"intermediate_value":0.61}
        {"op_code":6,"worker_id":"w1","trial_id":0,"state":1,"values":[0.81],"datetime_complete":"2026-12-07T19:42:07.508770+00:00"}
        {"op_code":4,"worker_id":"w1","study_id":0,"datetime_start":"2026-12-07T19:42:07.509546+00:00"}
        {"op_code":5,"worker_id":"w1","trial_id":1,"param_name":"layers","param_value_internal":3.0,"distribution":"{\\"name\\": \\"IntDistribution\\", \\"attributes\\": {\\"log\\": false, \\"step\\": 1, \\"low\\": 1, \\"high\\": 4}}"}
        {"op_code":7,"worker_id":"w1","trial_id":1,"step":0,"intermediate_value":0.56}
        {"op_code":6,"worker_id":"w1","trial_id":1,"state":2,"values":[0.56],"datetime_complete":"2026-12-07T19:42:07.510000+00:00"}
        {"op_code":6,"worker_id":"w1","trial_id":1,"state":1,"values":[0.99],"datetime_complete":"2026-12-07T19:42:08.000000+00:00"}
        {"op_code":4,"worker_id":"w1","study_id":0,"datetime_start":"2026-12-07T19:42:07.520000+00:00"}
        {"op_code":6,"worker_id":"w1","trial_id":2,"state":3,"values":null,"datetime_complete":"2026-12-07T19:42:07.530000+00:00"}
        {"op_code":0,"worker_id":"w1","study_name":"two","directions":[2,1]}
        {"op_code":4,"worker_id":"w1","study_id":1,"datetime_start":"2026-12-07T19:42:07.600000+00:00"}
        {"op_code":6,"worker_id":"w1","trial_id":3,"state":1,"values":[0.9472121229717212,0.85151926183758],"datetime_complete":"2026-12-07T19:42:07.610000+00:00"}
        {"op_code":4,"worker_id":"w1","study_id":0,"datetime_start":null,"state":4,"value":null,"values":null,"distributions":{},"params":{},"user_attrs":{},"system_attrs":{},"intermediate_values":{}}
        {"op_code":0,"worker_id":"w1","study_name":"gone","directions":[1]}
        {"op_code":4,"worker_id":"w1","study_id":2,"datetime_start":"2026-12-07T19:42:07.700000+00:00"}
        {"op_code":1,"worker_id":"w1","study_id":2}
        {"op_code":7,"worker_id":"w1","trial_id":1,"step":2,
        """

    @Test("a journal replays into a run per started trial, as Optuna's own replay gives them")
    func replay() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(Self.journal + "\n", to: "studies/journal.log", in: folder)
        try TestSupport.write("epoch 1: loss 0.5\n", to: "studies/train.log", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problemLocations == ["studies/journal.log:25"])
        #expect(Set(result.runs.keys) == ["demo#0", "demo#1", "demo#2", "two#0"])
        let first = try #require(result.runs["demo#0"])
        #expect(first.format == .optunaJournal && first.status == .completed)
        #expect(first.params == ["lr": .float(0.01), "opt": .string("sgd")])
        #expect(first.values("value") == [0.81])
        #expect(first.values("intermediate_value") == [0.51, 0.61])
        #expect(first.curve(MetricKey(parsing: "intermediate_value"))?.axis(named: "step") == [0, 1])
        #expect(first.attributes["user_attrs_note"] == .string("x"))
        #expect(first.attributes["optuna.directions"] == .list([.string("maximize")]))
        #expect(first.startedAt == Timestamp.seconds(fromISO8601: "2026-12-07T19:42:07.503087+00:00"))
        let pruned = try #require(result.runs["demo#1"])
        #expect(pruned.status == .pruned, "a finished trial keeps the state it ended in")
        #expect(pruned.params == ["layers": .int(3)])
        #expect(pruned.values("value") == [0.56])
        #expect(result.runs["demo#2"]?.status == .failed)
        #expect(result.runs["demo#2"]?.values("value") == [])
        let twoObjectives = try #require(result.runs["two#0"])
        #expect(twoObjectives.values("values_0") == [0.9472121229717212])
        #expect(twoObjectives.values("values_1") == [0.85151926183758])
        #expect(twoObjectives.attributes["optuna.directions"] == .list([.string("maximize"), .string("minimize")]))
    }
}
