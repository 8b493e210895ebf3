import HyperscopeCore

extension ComparisonSide {
    /// A side made of runs: each run's value of the selection, with its pairing key; runs that are
    /// incomplete under ``CompletenessRule/automatic`` (fewer epochs than configured, or a curve
    /// shorter than the side's longest) are left out unless `includeIncomplete`.
    ///
    /// - Parameter epochKeys: The keys that may hold a run's configured epochs, from
    ///   ``SweepSummary/epochKeys(among:)`` over keys that include all of the runs'; `nil` finds them in the runs.
    /// - Complexity: O(*runs × curve length*).
    public init(
        label: String, runs: [Run], selection: MetricSelection, pairing: RunPairing, includeIncomplete: Bool = false,
        epochKeys: [String]? = nil
    ) {
        let expected = SweepSummary.expectedLength(of: runs, metric: selection.metric)
        // Found once for the side, not in each run's keys.
        let epochKeys = epochKeys ?? SweepSummary.epochKeys(in: runs)
        var values: [Double] = []
        var keys: [Value?] = []
        for run in runs {
            if !includeIncomplete,
                !SweepSummary.isComplete(
                    run, selection: selection, rule: .automatic, expectedLength: expected, epochKeys: epochKeys)
            {
                continue
            }
            guard case .success(let value) = selection.value(in: run) else { continue }
            values.append(value)
            keys.append(pairing.key(of: run))
        }
        self.init(label: label, values: values, pairingKeys: keys, pairingFields: pairing.fields)
    }
}

extension RunGrouping {
    /// The runs that have `key`, one group per value, numbers in numeric order and the rest by text;
    /// `columns` as in ``group(_:by:columns:)``.
    ///
    /// - Complexity: O(*runs* + *groups* log *groups*).
    public static func byValue(
        _ runs: [Run], of key: String, columns: ParameterColumns? = nil
    ) -> [(value: Value, runs: [Run])] {
        group(runs, by: [key], columns: columns).compactMap { group in group.combination[0].map { ($0, group.runs) } }
            .sorted { inValueOrder($0.value, $1.value) }
    }

    /// The order of groups by value: numbers in numeric order, the rest by text.
    static func inValueOrder(_ left: Value, _ right: Value) -> Bool {
        if let x = left.numericValue, let y = right.numericValue { return x < y }
        return left.displayText < right.displayText
    }
}
