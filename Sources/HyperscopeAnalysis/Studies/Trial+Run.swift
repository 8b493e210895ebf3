import HyperscopeCore

extension Trial {
    /// The trial seen as a run: its configuration as parameters and its value as a one-point curve
    /// of `metric`, so the analyses written for runs (insights, importance) read trials too.
    ///
    /// Trials without a value give a run without the curve, which those analyses leave out.
    /// - Parameter objective: Which objective's value, in a study of several (0, the first, by default).
    public func objectiveRun(metric: MetricKey, objective: Int = 0) -> Run {
        let objectiveValue = objective == 0 ? value : values.flatMap { objective < $0.count ? $0[objective] : nil }
        let curves = objectiveValue.map { [MetricCurve(key: metric, values: [$0])] } ?? []
        return Run(
            id: Int64(number), key: "trial:\(number)", name: "trial \(number)", source: "trial \(number)",
            format: .trial,
            status: state == .completed ? .completed : .failed, params: params, startedAt: startedAt, endedAt: endedAt,
            curves: curves)
    }
}
