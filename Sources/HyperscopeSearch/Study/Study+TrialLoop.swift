import HyperscopeCore

extension Study {
    /// How a run of trials ended.
    struct TrialLoopResult {
        /// How many trials were started.
        var started: Int
        /// Whether the sampler ran out.
        var exhausted: Bool
    }

    /// Asks for trials and runs them, at most `parallel` at a time, until `limit` have started, the
    /// sampler runs out, or `mayStart` refuses; then waits for the running ones. The one loop behind
    /// ``optimize(trials:parallel:objective:)`` and ``SearchSession/run(events:)``.
    ///
    /// - Parameters:
    ///   - mayStart: Asked before each new trial; `false` starts no more.
    ///   - willStart: Called with each trial before its task starts.
    ///   - run: Runs one trial to its end (in a child task).
    ///   - finished: Called with each finished trial, in the order they finish.
    nonisolated func runTrials(
        limit: Int, parallel: Int, mayStart: () -> Bool = { true }, willStart: (Trial) -> Void = { _ in },
        run: @escaping @Sendable (Trial) async throws -> Trial, finished: (Trial) -> Void = { _ in }
    ) async throws -> TrialLoopResult {
        var started = 0
        var exhausted = false
        try await withThrowingTaskGroup(of: Trial.self) { group in
            var running = 0
            while true {
                if !exhausted, running < max(1, parallel), started < limit, mayStart() {
                    guard let trial = try await ask() else {
                        exhausted = true
                        continue
                    }
                    started += 1
                    running += 1
                    willStart(trial)
                    group.addTask { try await run(trial) }
                    continue
                }
                guard running > 0, let done = try await group.next() else { break }
                running -= 1
                finished(done)
            }
        }
        return TrialLoopResult(started: started, exhausted: exhausted)
    }
}
