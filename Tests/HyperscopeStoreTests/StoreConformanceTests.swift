import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// One body of tests run against every store: the in-memory one and SQLite on a real file.
@Suite("Store conformance")
struct StoreConformanceTests {
    enum Kind: String, CaseIterable, Sendable {
        case memory, sqlite
    }

    static func makeStore(_ kind: Kind) throws -> any Store {
        switch kind {
        case .memory: return MemoryStore()
        case .sqlite:
            return try SQLiteStore(
                path: try TestSupport.scratchFolder("store").appendingPathComponent("nested/dir/h.db").path)
        }
    }

    static func sampleRun(key: String = "/logs/a.jsonl", lr: Double = 0.01) -> Run {
        let loss = MetricCurve(
            key: MetricKey(parsing: "train/loss"), values: [1.2, .nan, 0.8],
            axes: [CurveAxis(name: "epoch", values: [1, 2, 3]), CurveAxis(name: "step", values: [10, .nan, 30])])
        let accuracy = MetricCurve(
            key: MetricKey(parsing: "train/acc"), values: [0.5, 0.6, 0.7],
            axes: [CurveAxis(name: "epoch", values: [1, 2, 3]), CurveAxis(name: "step", values: [10, .nan, 30])])
        let objective = MetricCurve(key: MetricKey(parsing: "objective"), values: [0.7])
        return Run(
            key: key, name: "a", source: key, format: .hyperscope, status: .completed, statusReason: nil,
            params: [
                "optim.lr": .float(lr), "batch_size": .int(128), "flag": .bool(true), "weights": .null,
                "name": .string("adam \"quoted\""),
                "layers": .list([.int(128), .int(64)]),
                "features": .list([.object([Value.Field("name", .string("id")), Value.Field("dim", .int(64))])]),
                "odd": .float(.infinity),
            ],
            startedAt: 1_714_557_600, endedAt: 1_714_557_782.4, trainingSeconds: 182.4, gitCommit: "abc1234",
            messages: [RunMessage(text: "early stop", line: 6, time: 1_714_557_700)],
            curves: [loss, accuracy, objective],
            attributes: ["unknown_events.checkpoint": .int(2)])
    }

    static func state(_ path: String, keys: [String], size: Int64 = 100) -> SourceFileState {
        SourceFileState(
            path: path, size: size, modifiedAt: 1000.5, consumedBytes: size, consumedLines: 8, format: .hyperscope,
            runKeys: keys)
    }

    @Test(
        "a run round-trips exactly: typed parameters, NaN points, shared axes, messages, metadata",
        arguments: Kind.allCases)
    func runRoundTrip(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let run = Self.sampleRun()
        let outcomes = try await store.save(
            FileIngestion(
                state: Self.state(run.key, keys: [run.key]), runs: [run], problems: [], problemReplacement: .all))
        guard case .inserted(let id) = outcomes.first else {
            Issue.record("expected an insert, got \(outcomes)")
            return
        }
        let loaded = try #require(try await store.run(id: id))
        var expected = run
        expected.id = id
        #expect(loaded.params == expected.params)
        #expect(loaded.messages == expected.messages)
        #expect(loaded.attributes == expected.attributes)
        #expect(loaded.curves.count == 3)
        for (stored, original) in zip(loaded.curves, expected.curves) {
            #expect(stored.key == original.key)
            #expect(stored.values.map(\.bitPattern) == original.values.map(\.bitPattern))
            #expect(stored.axes.map(\.name) == original.axes.map(\.name))
            #expect(
                stored.axes.map { $0.values.map(\.bitPattern) } == original.axes.map { $0.values.map(\.bitPattern) })
        }
        #expect(
            loaded.startedAt == run.startedAt && loaded.trainingSeconds == run.trainingSeconds
                && loaded.gitCommit == run.gitCommit)
        #expect(try await store.run(key: run.key)?.id == id)
        let listed = try await store.runs(includingCurves: false)
        #expect(listed.count == 1 && listed[0].curves.isEmpty && listed[0].params == run.params)
        let withCurves = try await store.runs(includingCurves: true)
        #expect(withCurves[0].curves.map(\.key) == run.curves.map(\.key))
    }

    @Test("saving a run with a known key updates it in place and keeps its id", arguments: Kind.allCases)
    func updateKeepsID(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let first = try await store.save(
            FileIngestion(
                state: Self.state("/logs/a.jsonl", keys: ["/logs/a.jsonl"]), runs: [Self.sampleRun()], problems: [],
                problemReplacement: .all))
        let second = try await store.save(
            FileIngestion(
                state: Self.state("/logs/a.jsonl", keys: ["/logs/a.jsonl"]), runs: [Self.sampleRun(lr: 0.5)],
                problems: [], problemReplacement: .all))
        guard case .inserted(let id) = first[0], case .updated(let sameID) = second[0] else {
            Issue.record("expected insert then update, got \(first) and \(second)")
            return
        }
        #expect(id == sameID)
        #expect(try await store.run(id: id)?.params["optim.lr"] == .float(0.5))
        #expect(try await store.runs(includingCurves: false).count == 1)
    }

    @Test("runs a file no longer produces are deleted; runs it keeps listing are kept", arguments: Kind.allCases)
    func staleRuns(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let path = "/logs/table.csv"
        let rows = (0..<3).map { Self.sampleRun(key: "\(path)#\($0)") }
        _ = try await store.save(
            FileIngestion(
                state: Self.state(path, keys: rows.map(\.key)), runs: rows, problems: [], problemReplacement: .all))
        _ = try await store.save(
            FileIngestion(
                state: Self.state(path, keys: [rows[0].key]), runs: [rows[0]], problems: [], problemReplacement: .all))
        #expect(try await store.runs(includingCurves: false).map(\.key) == [rows[0].key])
        _ = try await store.save(
            FileIngestion(
                state: Self.state(path, keys: [rows[0].key]), runs: [],
                problems: [IngestProblem(file: path, reason: "unreadable")], problemReplacement: .all))
        #expect(try await store.runs(includingCurves: false).map(\.key) == [rows[0].key])
    }

    @Test("problems are replaced whole, or from a line on when a file is continued", arguments: Kind.allCases)
    func problemReplacement(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let path = "/logs/a.jsonl"
        let early = IngestProblem(file: path, line: 3, column: 7, reason: "malformed JSON")
        let late = IngestProblem(file: path, line: 9, reason: "truncated last line")
        let other = IngestProblem(file: "/logs/b.jsonl", reason: "empty file")
        _ = try await store.save(
            FileIngestion(
                state: Self.state(path, keys: []), runs: [], problems: [early, late], problemReplacement: .all))
        _ = try await store.save(
            FileIngestion(
                state: Self.state("/logs/b.jsonl", keys: []), runs: [], problems: [other], problemReplacement: .all))
        _ = try await store.save(
            FileIngestion(state: Self.state(path, keys: []), runs: [], problems: [], problemReplacement: .fromLine(9)))
        #expect(try await store.problems() == [early, other])
        _ = try await store.save(
            FileIngestion(state: Self.state(path, keys: []), runs: [], problems: [], problemReplacement: .all))
        #expect(try await store.problems() == [other])
    }

    @Test("derived parameters replace the previous derived ones and nothing else", arguments: Kind.allCases)
    func derivedParameters(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let run = Self.sampleRun()
        let outcomes = try await store.save(
            FileIngestion(
                state: Self.state(run.key, keys: [run.key]), runs: [run], problems: [], problemReplacement: .all))
        guard case .inserted(let id) = outcomes[0] else { return }
        try await store.replaceDerivedParameters([id: ["n_layers": .int(2), "tag": .string("x")]])
        let first = try #require(try await store.run(id: id))
        #expect(first.params["n_layers"] == .int(2) && first.params["optim.lr"] == .float(0.01))
        try await store.replaceDerivedParameters([id: ["n_layers": .int(3)]])
        let second = try #require(try await store.run(id: id))
        #expect(second.params["n_layers"] == .int(3))
        #expect(second.params["tag"] == nil)
        #expect(second.params.count == run.params.count + 1)
        #expect(second.curves.count == 3)
    }

    @Test("source file states round-trip", arguments: Kind.allCases)
    func sourceStates(kind: Kind) async throws {
        let store = try Self.makeStore(kind)
        let state = Self.state("/logs/a.jsonl", keys: ["/logs/a.jsonl"], size: 12_345)
        _ = try await store.save(FileIngestion(state: state, runs: [], problems: [], problemReplacement: .all))
        #expect(try await store.sourceFileState(path: "/logs/a.jsonl") == state)
        #expect(try await store.sourceFileState(path: "/logs/none.jsonl") == nil)
    }
}

@Suite("Packed curve columns")
struct PackedColumnTests {
    /// Columns and their packed sizes: tag byte plus payload.
    static let columns: [(values: [Double], size: Int)] = [
        ([], 1), ([0.01, 0.01, 0.01, 0.01], 9), ([10, 20, 30, 40, 50], 17), ([0.1, 0.2, 0.30000000000000004, 0.4], 17),
        ([0.1, 0.2, 0.3, 0.4], 33), ([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3], 53), ([1.5, .nan, 2.5], 25),
        ([.nan, .nan], 9), ([.infinity, 1, -.infinity], 25),
        // At the edge: 17 values in 3 runs take 4 + 48 bytes, under a quarter of 136 raw; in 4 runs they do not.
        ([Double](repeating: 1, count: 6) + [Double](repeating: 2, count: 6) + [Double](repeating: 3, count: 5), 53),
        (
            [Double](repeating: 1, count: 5) + [Double](repeating: 2, count: 4) + [Double](repeating: 3, count: 4)
                + [Double](repeating: 4, count: 4), 137
        ),
    ]

    @Test("every form reads back bit for bit, and the smallest exact form is chosen", arguments: columns)
    func roundTrip(_ values: [Double], size: Int) throws {
        let data = PackedColumn.encode(values)
        #expect(data.count == size, "\(values) packed to \(data.count) bytes")
        var offset = 0
        let decoded = try PackedColumn.decode(data, at: &offset, count: values.count)
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(offset == data.count)
    }

    @Test("randomized columns round-trip bit for bit")
    func randomized() throws {
        let seed = SeededGenerator.newSeed()
        print("PackedColumnTests.randomized seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let count = Int.random(in: 0...200, using: &generator)
            let kind = Int.random(in: 0..<4, using: &generator)
            let values: [Double] = (0..<count).map { index in
                switch kind {
                case 0: Double.random(in: -1e6...1e6, using: &generator)
                case 1: Double(index / max(1, count / 7))
                case 2: 0.5 + Double(index) * 0.25
                default: Bool.random(using: &generator) ? .nan : Double(Int.random(in: 0...3, using: &generator))
                }
            }
            var offset = 0
            let data = PackedColumn.encode(values)
            #expect(
                try PackedColumn.decode(data, at: &offset, count: count).map(\.bitPattern) == values.map(\.bitPattern),
                "seed \(seed)")
        }
    }

    @Test("damaged bytes are an error, not a crash")
    func damaged() {
        var offset = 0
        #expect(throws: StoreError.self) { try PackedColumn.decode(Data([0]), at: &offset, count: 3) }
        offset = 0
        #expect(throws: StoreError.self) { try PackedColumn.decode(Data([9]), at: &offset, count: 1) }
        offset = 0
        #expect(throws: StoreError.self) { try PackedColumn.decode(Data(), at: &offset, count: 1) }
    }
}

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("several connections opening a new database at once all succeed (migrations race across processes)")
    func concurrentCreation() async throws {
        for round in 0..<5 {
            let path = try TestSupport.scratchFolder("race").appendingPathComponent("h.db").path
            let opened = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            _ = try SQLiteStore(path: path)
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(opened.isEmpty, "round \(round): \(opened)")
        }
    }

    @Test("data survives closing and reopening the database file, in WAL mode")
    func reopen() async throws {
        let path = try TestSupport.scratchFolder().appendingPathComponent("h.db").path
        do {
            let store = try SQLiteStore(path: path)
            let run = StoreConformanceTests.sampleRun()
            _ = try await store.save(
                FileIngestion(
                    state: StoreConformanceTests.state(run.key, keys: [run.key]), runs: [run], problems: [],
                    problemReplacement: .all))
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.runs(includingCurves: true).first?.curves.count == 3)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a file that is not a database gives a clear error naming it")
    func notADatabase() throws {
        let url = try TestSupport.write(
            "this is not sqlite, just text that is long enough to look like a header..........", to: "junk.db",
            in: try TestSupport.scratchFolder())
        #expect {
            try SQLiteStore(path: url.path)
        } throws: { error in
            (error as? StoreError)?.message.contains(url.path) == true
        }
    }

    @Test("axes shared between curves are stored once and read back to the same values")
    func sharedAxesStoredOnce() async throws {
        let path = try TestSupport.scratchFolder().appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        let run = StoreConformanceTests.sampleRun()
        _ = try await store.save(
            FileIngestion(
                state: StoreConformanceTests.state(run.key, keys: [run.key]), runs: [run], problems: [],
                problemReplacement: .all))
        let loaded = try #require(try await store.run(key: run.key))
        #expect(loaded.curve(MetricKey(parsing: "train/acc"))?.axis(named: "epoch") == [1, 2, 3])
        // train/acc shares both axes with train/loss, so its row holds no axis bytes of its own.
        let rows = CurveRowCoding.encode(run.curves)
        // epoch [1, 2, 3] packs as arithmetic (1 + 16 bytes), step [10, NaN, 30] raw (1 + 24 bytes).
        #expect(rows.map(\.axisData.count) == [42, 0, 0])
        #expect(rows[1].axisNames.contains("same_as"))
    }
}
