import HyperscopeCore

extension Study {
    /// Runs `trials` trials of an in-process objective, `parallel` at a time.
    ///
    /// A trial whose objective throws is recorded as failed with the error, and the search goes on.
    ///
    /// - Parameters:
    ///   - objective: Computes a configuration's value (called concurrently when `parallel > 1`).
    /// - Returns: How many trials were run (fewer than asked when the sampler ran out).
    @discardableResult
    public func optimize(trials count: Int, parallel: Int = 1, objective: @escaping @Sendable (Trial) async throws -> Double) async throws -> Int {
        var started = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            var exhausted = false
            while true {
                if !exhausted, running < max(1, parallel), started < count {
                    guard let trial = try await ask() else {
                        exhausted = true
                        continue
                    }
                    started += 1
                    running += 1
                    group.addTask {
                        do {
                            let value = try await objective(trial)
                            try await self.tell(trial, value: value)
                        } catch {
                            try await self.finish(trial, state: .failed, values: [], message: "\(error)")
                        }
                    }
                    continue
                }
                guard running > 0 else { break }
                try await group.next()
                running -= 1
            }
        }
        return started
    }
}
