import HyperscopeCore
import Testing

@testable import HyperscopeSearch

@Suite("Failure streaks")
struct FailureStreakTests {
    static func trial(_ state: TrialState, _ message: String? = nil) -> Trial {
        var trial = Trial(id: 1, studyID: 1, number: 0, params: [:], startedAt: 0)
        trial.state = state
        trial.message = message
        return trial
    }

    @Test("numbers are masked, so one failure with different values is one cause")
    func causes() {
        #expect(
            FailureStreak.cause(of: "exited with status 1; stderr ends: ValueError: lr=0.0123 too large")
                == "exited with status #; stderr ends: ValueError: lr=# too large")
        #expect(FailureStreak.cause(of: "lr=0.5 too large") == FailureStreak.cause(of: "lr=12.25 too large"))
        #expect(FailureStreak.cause(of: "file.py, line 3.") == "file.py, line #.")
        #expect(FailureStreak.cause(of: "timed out") == "timed out")
    }

    @Test("a streak grows with one cause, restarts with another, ends with a success, and ignores interruptions")
    func streak() {
        var streak = FailureStreak()
        for index in 0..<3 { streak.record(Self.trial(.failed, "exited with status 1: lr=0.\(index)")) }
        #expect(streak.count == 3)
        #expect(streak.lastMessage == "exited with status 1: lr=0.2")
        streak.record(Self.trial(.interrupted, "stopped"))
        #expect(streak.count == 3)
        #expect(!streak.hasReached(5))
        #expect(streak.hasReached(3))
        #expect(!streak.hasReached(0))
        streak.record(Self.trial(.failed, "timed out after 4 s"))
        #expect(streak.count == 1)
        #expect(streak.cause == "timed out after # s")
        streak.record(Self.trial(.pruned))
        #expect(streak.count == 0)
        #expect(streak.cause == nil)
    }
}
