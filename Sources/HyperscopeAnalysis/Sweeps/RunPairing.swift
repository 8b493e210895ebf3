import HyperscopeCore

/// What pairs two runs for a paired test: the same seed and the same value of every other setting
/// the sweep varies, the compared settings aside, so only runs that differ in what is compared pair up.
public struct RunPairing: Sendable, Hashable {
    /// The seed-like key, if the runs have one.
    public let seedKey: String?
    /// The varying settings that must match too.
    public let otherKeys: [String]

    /// Derives the pairing from the runs being compared.
    ///
    /// - Parameters:
    ///   - comparedKeys: The settings the comparison varies on purpose (`--by`, or the fields of `--a`/`--b`).
    ///   - detection: Which varying keys are noise (never required to match).
    public init(runs: [Run], comparedKeys: Set<String>, detection: SweepDetection = SweepDetection()) {
        self.init(columns: ParameterColumns(runs), comparedKeys: comparedKeys, detection: detection)
    }

    /// Derives the pairing from the columns of the runs being compared (see ``init(runs:comparedKeys:detection:)``).
    public init(columns: ParameterColumns, comparedKeys: Set<String>, detection: SweepDetection = SweepDetection()) {
        seedKey = SweepDetection.seedKey(among: columns.keys)
        let classification = detection.classify(columns)
        // A compared setting under another name (`optim.name` for `optimizer`) is compared too.
        let compared = classification.factors.filter { factor in
            comparedKeys.contains(factor.key) || factor.aliases.contains(where: comparedKeys.contains)
        }.map(\.key)
        otherKeys = classification.varying.filter { !comparedKeys.contains($0) && !compared.contains($0) }
    }

    /// The names of a pairing key's items: the seed key, then ``otherKeys``.
    public var fields: [String] {
        [seedKey ?? "seed"] + otherKeys
    }

    /// The run's pairing key, or `nil` when it has no seed.
    public func key(of run: Run) -> Value? {
        guard let seedKey, let seed = run.params[seedKey] else { return nil }
        return .list([seed] + otherKeys.map { run.params[$0] ?? .null })
    }
}
