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
    public func optimize(
        trials count: Int, parallel: Int = 1, objective: @escaping @Sendable (Trial) async throws -> Double
    ) async throws -> Int {
        try await runTrials(limit: count, parallel: parallel) { trial in
            do {
                let value = try await objective(trial)
                try await self.tell(trial, value: value)
                return trial
            } catch {
                return try await self.finish(trial, state: .failed, values: [], message: "\(error)")
            }
        }.started
    }
}
