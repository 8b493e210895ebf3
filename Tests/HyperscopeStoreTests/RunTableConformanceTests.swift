import Foundation
import GRDB
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// The run table every store keeps: after each kind of write it equals the table built from the
/// stored runs, and SQLite rebuilds only the segments a write touched.
@Suite("Store conformance: the run table")
struct RunTableConformanceTests {
    typealias Kind = StoreConformanceTests.Kind

    /// A run whose parameters and metrics vary with `index`, with ids spread over several segments
    /// when saved in order.
    static func run(_ index: Int, file: String) -> Run {
        var run = StoreConformanceTests.sampleRun(key: "\(file)#\(index)", lr: 0.001 * Double(index % 7))
        run.source = file
        run.name = "run \(index)"
        run.status = index % 5 == 0 ? .failed : .completed
        run.params["seed"] = .int(Int64(index))
        run.params["optimizer"] = index % 3 == 0 ? .string("sgd") : .string("adam")
        if index % 4 == 0 { run.params["only_some"] = .list([.int(Int64(index)), .null]) }
        if index % 6 == 0 { run.params["mixed"] = index % 12 == 0 ? .int(3) : .float(3) }
        run.trainingSeconds = index % 2 == 0 ? nil : Double(index)
        run.statusReason = index % 5 == 0 ? "exit status \(index % 3)" : nil
        if index % 8 == 0 { run.attributes["study"] = .string("s\(index % 16)") }
        if index % 8 == 0 { run.attributes["trial"] = .int(Int64(index)) }
        if index % 10 == 1 { run.params["trial"] = .int(7) }
        run.gitCommit = index % 3 == 0 ? nil : "c\(index % 3)"
        run.curves.append(
            MetricCurve(key: MetricKey(parsing: "val/loss"), values: index % 9 == 0 ? [.nan] : [2, Double(index), 1]))
        return run
    }

    static func save(_ runs: [Run], file: String, to store: any Store) async throws {
        _ = try await store.save(
            FileIngestion(
                state: StoreConformanceTests.state(file, keys: runs.map(\.key)), runs: runs, problems: [],
                problemReplacement: .all))
    }

    static func expectTableMatchesRuns(
        _ store: any Store, sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws
    {
        let table = try await store.runTable()
        let expected = RunTable(try await store.runs(includingCurves: true))
        #expect(table == expected, sourceLocation: sourceLocation)
    }

    @Test(
        "each run's document made from the table and the store's attributes is the run's own document",
        arguments: Kind.allCases)
    func documents(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        try await Self.save((0..<40).map { Self.run($0, file: "/logs/d.csv") }, file: "/logs/d.csv", to: store)
        let table = try await store.runTable()
        let runs = try await store.runs(includingCurves: true).sorted { $0.id! < $1.id! }
        let attributes = try await store.runAttributes(ids: table.ids)
        #expect(attributes.count == runs.filter { !$0.attributes.isEmpty }.count)
        let goals = MetricGoals(byMetric: ["val/loss": .minimize])
        let writer = JSONWriter()
        for (row, run) in runs.enumerated() {
            let fromTable = table.document(row: row, goals: goals, attributes: attributes[table.ids[row]] ?? [:])
            #expect(writer.string(from: fromTable) == writer.string(from: run.document(goals: goals)))
        }
        // Only the runs asked for.
        let asked = Array(table.ids.prefix(17))
        #expect(
            Set(try await store.runAttributes(ids: asked).keys)
                == Set(runs.prefix(17).filter { !$0.attributes.isEmpty }.map { $0.id! }))
    }

    @Test(
        "after inserts, updates, stale runs, derived parameters, deletions, trials and a study's deletion, the table is the runs' table",
        arguments: Kind.allCases)
    func followsEveryWrite(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        try await Self.expectTableMatchesRuns(store)
        let first = (0..<2_500).map { Self.run($0, file: "/logs/a.csv") }
        try await Self.save(first, file: "/logs/a.csv", to: store)
        try await Self.save((0..<40).map { Self.run($0, file: "/logs/b.csv") }, file: "/logs/b.csv", to: store)
        try await Self.expectTableMatchesRuns(store)

        // The file read again: one run changed, some gone.
        var changed = Array(first.prefix(1_200))
        changed[3].params["optimizer"] = .string("lion")
        changed[3].curves = [MetricCurve(key: MetricKey(parsing: "val/loss"), values: [0.25])]
        try await Self.save(changed, file: "/logs/a.csv", to: store)
        try await Self.expectTableMatchesRuns(store)

        let ids = try await store.runs(includingCurves: false).map { $0.id! }
        try await store.replaceDerivedParameters([ids[0]: ["ratio": .float(0.5)], ids.last!: ["ratio": .float(2)]])
        try await Self.expectTableMatchesRuns(store)
        _ = try await store.deleteRuns(ids: [ids[1], ids[700]])
        try await Self.expectTableMatchesRuns(store)

        let study = try await store.createStudy(StudyStoreConformanceTests.record("s"))
        var trial = try await store.startTrial(studyID: study.id!, params: ["lr": .float(0.1)], startedAt: 1)
        let trialRun = Run(
            key: "search:s/0-0", name: "s #0.0", source: "/runs/s/0-0/stdout.jsonl", format: .trial,
            status: .completed, params: trial.params,
            curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5, 0.75])])
        trial.state = .completed
        trial.value = 0.75
        trial.runKeys = [trialRun.key]
        try await store.saveTrial(trial, runs: [trialRun])
        try await Self.expectTableMatchesRuns(store)
        _ = try await store.deleteStudy(id: study.id!)
        try await Self.expectTableMatchesRuns(store)

        _ = try await store.deleteRuns(ids: try await store.runs(includingCurves: false).map { $0.id! })
        #expect(try await store.runTable().count == 0)
    }

    @Test("SQLite stores the segments it builds and rebuilds only those a write touched")
    func segmentsAreKeptAndInvalidated() async throws {
        let path = try TestSupport.scratchFolder("run-table").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        try await Self.save((0..<3_000).map { Self.run($0, file: "/logs/a.csv") }, file: "/logs/a.csv", to: store)
        let segmentsAfterWrite = try await Self.segments(of: store)
        #expect(segmentsAfterWrite.isEmpty)
        let table = try await store.runTable()
        #expect(table.count == 3_000)
        let stored = try await Self.segments(of: store)
        #expect(stored == [-1, 0, 1, 2])

        // A second store on the same file reads the stored segments and gets the same table.
        #expect(try await SQLiteStore(path: path).runTable() == table)

        // Changing one run (id 1,500, segment 1) drops its segment and the whole table only.
        var changed = try #require(try await store.run(id: 1_500))
        changed.params["optimizer"] = .string("lion")
        try await store.update(changed)
        #expect(try await Self.segments(of: store) == [0, 2])
        try await Self.expectTableMatchesRuns(store)
        #expect(try await Self.segments(of: store) == [-1, 0, 1, 2])
        // Blobs of another encoding version (or damaged) are built again from the runs, not refused.
        try await store.write { db in
            try db.execute(sql: "UPDATE run_table_segment SET data = x'09' WHERE segment IN (-1, 1)")
        }
        try await Self.expectTableMatchesRuns(store)
        // A segment dropped by hand (as by a writer of an earlier version) is built again with the whole.
        try await store.write { db in try db.execute(sql: "DELETE FROM run_table_segment WHERE segment IN (-1, 2)") }
        try await Self.expectTableMatchesRuns(store)
        #expect(try await Self.segments(of: store) == [-1, 0, 1, 2])
    }

    @Test("a database of the schema before the run table gets it at its first read, equal to its runs' table")
    func migrationFromAnEarlierSchema() async throws {
        let path = try TestSupport.scratchFolder("run-table-migration").appendingPathComponent("h.db").path
        let runs = (0..<1_500).map { Self.run($0, file: "/logs/a.csv") }
        do {
            // The schema as version v6 left it, with runs written the way that version wrote them.
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v6: constraints")
            try await queue.write { db in
                for run in runs { _ = try SQLiteStore.write(run, in: db) }
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try await Self.segments(of: store).isEmpty)
        let table = try await store.runTable()
        #expect(table.count == 1_500)
        #expect(table == RunTable(try await store.runs(includingCurves: true)))
        #expect(try await Self.segments(of: store) == [-1, 0, 1])
    }

    static func segments(of store: SQLiteStore) async throws -> [Int64] {
        try await store.read { db in
            try Int64.fetchAll(db, sql: "SELECT segment FROM run_table_segment ORDER BY segment")
        }
    }
}

/// The blob a run table segment is stored as.
@Suite("Run table coding")
struct RunTableCodingTests {
    @Test("every kind of value, NaN metrics, missing fields and unicode survive the blob; damaged bytes are an error")
    func roundTrip() throws {
        var runs = (0..<50).map { RunTableConformanceTests.run($0, file: "/logs/ü.csv") }
        runs[7].params["clé ✓"] = .object([Value.Field("a", .bool(false))])
        runs[8].params["clé ✓"] = .float(-.infinity)
        runs[9].params["empty"] = .string("")
        runs[10].params["flag"] = .bool(false)
        runs[11].startedAt = nil
        runs[12].format = .csvTable
        for index in runs.indices { runs[index].id = Int64(index + 1) }
        runs[13].curves.append(
            MetricCurve(
                key: MetricKey(parsing: "test/acc"), values: [0.5, 0.6, 0.7, 0.8],
                axes: [CurveAxis(name: "epoch", values: [1, .nan, 2, 2])]))
        let table = RunTable(runs)
        let testAccuracy = try #require(table.metricColumn(MetricKey(parsing: "test/acc")))
        #expect(testAccuracy.epochCounts[13] == 2 && testAccuracy.lastEpochs[13] == 2)
        #expect(testAccuracy.epochCounts[12] == -1 && testAccuracy.lastEpochs[12].isNaN)
        #expect(table.parameterKeys.contains("only_some") && table.metricKeys.contains(MetricKey(parsing: "val/loss")))
        let data = RunTableCoding.encode(table)
        #expect(try RunTableCoding.decode(data) == table)
        #expect(throws: StoreError.self) { try RunTableCoding.decode(data.prefix(data.count - 1)) }
        #expect(throws: StoreError.self) { try RunTableCoding.decode(data + Data([0])) }
        var wrongVersion = data
        wrongVersion[wrongVersion.startIndex] = 99
        #expect(throws: StoreError.self) { try RunTableCoding.decode(wrongVersion) }
        // Sections are read on their own: a length that moves one section's end into the next is
        // an error, not a table read from the wrong bytes (the first length follows a byte and
        // three 4-byte counts).
        for change in [1, -1] {
            var shifted = data
            shifted[shifted.startIndex + 13] = UInt8(truncatingIfNeeded: Int(shifted[shifted.startIndex + 13]) + change)
            #expect(throws: StoreError.self) { try RunTableCoding.decode(shifted) }
        }
        #expect(try RunTableCoding.decode(RunTableCoding.encode(RunTable([]))) == RunTable([]))
    }

    @Test("tables joined equal the table of all their runs")
    func concatenation() {
        let runs = (0..<300).map { RunTableConformanceTests.run($0, file: "/logs/a.csv") }
        let parts = [0..<1, 1..<120, 120..<120, 120..<300].map { RunTable(Array(runs[$0])) }
        #expect(RunTable.concatenating(parts) == RunTable(runs))
    }
}
