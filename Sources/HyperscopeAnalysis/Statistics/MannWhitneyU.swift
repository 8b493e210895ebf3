import SystemLibC

/// The Mann–Whitney U test, as `scipy.stats.mannwhitneyu(a, b, alternative="two-sided")` with its
/// default `method="auto"`: the exact distribution when either side has at most 8 values and there
/// are no ties, otherwise the normal approximation with tie and continuity corrections.
public struct MannWhitneyU: Sendable, Hashable {
    /// How the p-value was computed.
    public enum Method: String, Sendable, Hashable {
        /// From the exact null distribution of U.
        case exact
        /// From the normal approximation.
        case asymptotic
    }

    /// U of the first sample: the number of pairs (a, b) with a > b, ties counting one half.
    public var u: Double
    /// The two-sided p-value.
    public var p: Double
    /// How ``p`` was computed.
    public var method: Method

    /// Runs the test.
    ///
    /// - Returns: The result, or why there is none (an empty side).
    public static func test(_ a: [Double], _ b: [Double]) -> Result<MannWhitneyU, NotComputable> {
        guard !a.isEmpty, !b.isEmpty else {
            return .failure(
                NotComputable("the Mann–Whitney test needs values on both sides (have \(a.count) and \(b.count))"))
        }
        let (ranks, tieTerm) = midranks(a + b)
        let n1 = Double(a.count)
        let n2 = Double(b.count)
        let rankSum = ranks[..<a.count].reduce(0, +)
        let u1 = rankSum - n1 * (n1 + 1) / 2
        let u2 = n1 * n2 - u1
        let larger = max(u1, u2)
        if (a.count <= 8 || b.count <= 8) && tieTerm == 0 {
            let p = min(
                1, 2 * exactSurvival(atLeast: Int(larger.rounded()), m: min(a.count, b.count), n: max(a.count, b.count))
            )
            return .success(MannWhitneyU(u: u1, p: p, method: .exact))
        }
        let total = n1 + n2
        let spread = (n1 * n2 / 12 * ((total + 1) - tieTerm / (total * (total - 1)))).squareRoot()
        guard spread > 0 else { return .success(MannWhitneyU(u: u1, p: 1, method: .asymptotic)) }
        let z = (larger - n1 * n2 / 2 - 0.5) / spread
        return .success(MannWhitneyU(u: u1, p: min(1, 2 * SpecialFunctions.normalSurvival(z)), method: .asymptotic))
    }

    /// Midranks (ties share the mean of their ranks) and the tie term Σ(t³ − t).
    static func midranks(_ values: [Double]) -> (ranks: [Double], tieTerm: Double) {
        // The radix order, where it is defined (no NaN): tied values share their midrank whatever
        // their order among themselves.
        let order =
            values.contains(where: \.isNaN)
            ? values.indices.sorted { values[$0] < values[$1] } : values.ascendingPositions
        var ranks = [Double](repeating: 0, count: values.count)
        var tieTerm = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            start = end + 1
        }
        return (ranks, tieTerm)
    }

    /// P(U ≥ u) under the null hypothesis for samples of sizes m ≤ n, from the exact distribution
    /// counted by the recurrence c(u; m, n) = c(u − n; m − 1, n) + c(u; m, n − 1).
    ///
    /// - Complexity: O(*m*·*n*·*mn*) time, O(*n*·*mn*) memory.
    static func exactSurvival(atLeast u: Int, m: Int, n: Int) -> Double {
        let maximum = m * n
        guard u > 0 else { return 1 }
        guard u <= maximum else { return 0 }
        // counts[j][k]: arrangements of (i, j) giving U = k, built up over i = 0...m.
        var counts = [[Double]](repeating: [1] + [Double](repeating: 0, count: maximum), count: n + 1)
        for _ in 1...m {
            var next = [[Double]](repeating: [Double](repeating: 0, count: maximum + 1), count: n + 1)
            for j in 0...n {
                for k in 0...maximum {
                    var value = k >= j ? counts[j][k - j] : 0
                    if j > 0 { value += next[j - 1][k] }
                    next[j][k] = value
                }
            }
            counts = next
        }
        let distribution = counts[n]
        let total = distribution.reduce(0, +)
        return distribution[u...].reduce(0, +) / total
    }
}
