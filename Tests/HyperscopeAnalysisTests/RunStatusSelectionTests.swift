import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Which runs are judged on their values")
struct RunStatusSelectionTests {
    static func runs(_ statuses: [RunStatus]) -> [Run] {
        statuses.enumerated().map { index, status in
            Run(id: Int64(index), key: "k\(index)", name: "r\(index)", source: "s", format: .trial, status: status)
        }
    }

    @Test("completed runs by default; the rest counted by status, with the option that includes them")
    func defaultSelection() {
        let result = RunStatusSelection.completedOnly.apply(
            Self.runs([.completed, .pruned, .pruned, .failed, .completed]))
        #expect(result.runs.map(\.name) == ["r0", "r4"])
        #expect(result.leftOut == [.pruned: 2, .failed: 1])
        #expect(
            result.note
                == "left out 1 failed and 2 pruned runs (only completed runs are judged on their values); --status completed,failed,pruned includes them"
        )
        #expect(RunStatusSelection.completedOnly.apply(Self.runs([.completed])).note == nil)
    }

    @Test("--status lists, all, unknown words, and a --where on status")
    func parsing() throws {
        #expect(try RunStatusSelection(parsing: "completed, pruned").statuses == [.completed, .pruned])
        #expect(try RunStatusSelection(parsing: "all") == .all)
        #expect(throws: NotComputable.self) { try RunStatusSelection(parsing: "complete,done") }
        #expect(throws: NotComputable.self) { try RunStatusSelection(parsing: " , ") }
        #expect(RunStatusSelection.resolved(given: nil, whereFields: ["optim.lr"]) == .completedOnly)
        #expect(RunStatusSelection.resolved(given: nil, whereFields: ["status", "optim.lr"]) == .all)
        let given = RunStatusSelection(statuses: [.pruned])
        #expect(RunStatusSelection.resolved(given: given, whereFields: ["status"]) == given)
    }
}
