import HyperscopeCore

extension Trial {
    /// The trial seen as a run: its configuration as parameters and its value as a one-point curve
    /// of `metric`, so the analyses written for runs (insights, importance) read trials too.
    ///
    /// Trials without a value give a run without the curve, which those analyses leave out.
    public func objectiveRun(metric: MetricKey) -> Run {
        let curves = value.map { [MetricCurve(key: metric, values: [$0])] } ?? []
        return Run(
            id: Int64(number), key: "trial:\(number)", name: "trial \(number)", source: "trial \(number)",
            format: .trial,
            status: state == .completed ? .completed : .failed, params: params, startedAt: startedAt, endedAt: endedAt,
            curves: curves)
    }
}
