import HyperscopeCore
import SystemLibC

/// The result of a t-test: the statistic, its degrees of freedom and the two-sided p-value.
public struct TTestResult: Sendable, Hashable {
    /// The t statistic.
    public var t: Double
    /// The degrees of freedom (fractional for Welch's test).
    public var degreesOfFreedom: Double
    /// The two-sided p-value.
    public var p: Double
}

/// Why a test has no answer for the data, in words for the user ("each side needs at least two values").
public struct NotComputable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason.
    public var reason: String

    /// Creates the reason.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }

    /// Always ``ErrorCode/notComputable``.
    public var code: ErrorCode<NotComputable> { .notComputable }
}

extension ErrorCode where Domain == NotComputable {
    /// The data give no answer to the question (too few values, no run with the metric).
    public static var notComputable: Self { Self("not-computable") }
}

/// Two-sample hypothesis tests, each matching SciPy's function of the same name.
public enum TwoSampleTests {
    /// Welch's unequal-variances t-test, as `scipy.stats.ttest_ind(a, b, equal_var=False)`.
    ///
    /// - Returns: t, the Welch–Satterthwaite degrees of freedom and the two-sided p, or why there is none:
    ///   a side with fewer than two values, or no variance on either side.
    public static func welch(_ a: [Double], _ b: [Double]) -> Result<TTestResult, NotComputable> {
        guard a.count >= 2, b.count >= 2 else {
            return .failure(
                NotComputable("Welch's t-test needs at least two values on each side (have \(a.count) and \(b.count))"))
        }
        let meanA = SampleSummary.mean(a)
        let meanB = SampleSummary.mean(b)
        let shareA = SampleSummary.variance(a, mean: meanA) / Double(a.count)
        let shareB = SampleSummary.variance(b, mean: meanB) / Double(b.count)
        let squaredError = shareA + shareB
        guard squaredError > 0 else {
            return .failure(
                NotComputable(
                    meanA == meanB
                        ? "both sides are constant and equal: there is no difference to test"
                        : "both sides are constant (zero variance): the difference \(meanA - meanB) is exact, a t-test does not apply"
                ))
        }
        let t = (meanA - meanB) / squaredError.squareRoot()
        let df =
            squaredError * squaredError
            / (shareA * shareA / Double(a.count - 1) + shareB * shareB / Double(b.count - 1))
        return .success(TTestResult(t: t, degreesOfFreedom: df, p: StudentT(degreesOfFreedom: df).twoSidedTail(t)))
    }

    /// The paired t-test on matched values, as `scipy.stats.ttest_rel(a, b)`.
    ///
    /// - Returns: t, n − 1 degrees of freedom and the two-sided p, or why there is none: unequal
    ///   lengths, fewer than two pairs, or differences that never vary.
    public static func paired(_ a: [Double], _ b: [Double]) -> Result<TTestResult, NotComputable> {
        guard a.count == b.count else {
            return .failure(NotComputable("a paired test needs matched pairs (have \(a.count) and \(b.count) values)"))
        }
        guard a.count >= 2 else {
            return .failure(NotComputable("a paired test needs at least two pairs (have \(a.count))"))
        }
        let differences = zip(a, b).map { $0 - $1 }
        let mean = SampleSummary.mean(differences)
        let variance = SampleSummary.variance(differences, mean: mean)
        guard variance > 0 else {
            return .failure(NotComputable("every pair differs by exactly \(mean): the paired t-test does not apply"))
        }
        let t = mean / (variance / Double(differences.count)).squareRoot()
        let df = Double(differences.count - 1)
        return .success(TTestResult(t: t, degreesOfFreedom: df, p: StudentT(degreesOfFreedom: df).twoSidedTail(t)))
    }
}
