import HyperscopeCore

extension Study {
    /// Runs `trials` trials of an in-process objective, `parallel` at a time.
    ///
    /// A trial whose objective throws is recorded as failed with the error, and the search goes on.
    ///
    /// - Parameters:
    ///   - objective: Computes a configuration's value (called concurrently when `parallel > 1`).
    /// - Returns: How many trials were run (fewer than asked when the sampler ran out).
    /// - Throws: ``SearchSpaceError`` in a study of several objectives (use `objectives:`).
    @discardableResult
    public func optimize(
        trials count: Int, parallel: Int = 1, objective: @escaping @Sendable (Trial) async throws -> Double
    ) async throws -> Int {
        guard record.objectives.count == 1 else {
            throw SearchSpaceError(
                "the study has \(record.objectives.count) objectives; optimize(trials:objectives:) returns a value of each"
            )
        }
        return try await optimize(trials: count, parallel: parallel) { trial in [try await objective(trial)] }
    }

    /// Runs `trials` trials of an in-process objective of several values (one per objective of the
    /// study, in its order), `parallel` at a time.
    ///
    /// A trial whose objective throws, or returns the wrong number of values, is recorded as failed with
    /// the reason, and the search goes on.
    ///
    /// - Parameters:
    ///   - objectives: Computes a configuration's values (called concurrently when `parallel > 1`).
    /// - Returns: How many trials were run (fewer than asked when the sampler ran out).
    @discardableResult
    public func optimize(
        trials count: Int, parallel: Int = 1, objectives: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws -> Int {
        try await runTrials(limit: count, parallel: parallel) { trial in
            let values: [Double]
            do {
                values = try await objectives(trial)
            } catch {
                return try await self.finish(trial, state: .failed, values: [], message: "\(error)")
            }
            if let problem = await self.countProblem(values.count, trial: trial) {
                return try await self.finish(trial, state: .failed, values: [], message: problem)
            }
            if values.count == 1 {
                try await self.tell(trial, value: values[0])
            } else {
                try await self.tell(trial, values: values)
            }
            return trial
        }.started
    }
}
