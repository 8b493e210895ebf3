import Foundation
import Testing

@testable import HyperscopeAnalysis

@Suite("PED-ANOVA")
struct PEDANOVATests {
    /// The Parzen estimate summed kernel by kernel, the definition the walk along the grid replaces.
    static func directDensity(of values: [Double], bandwidth: Double, at point: Double) -> Double {
        values.reduce(0) { sum, value in
            let z = (point - value) / bandwidth
            return sum + exp(-0.5 * z * z)
        } / (Double(values.count) * bandwidth * (2 * Double.pi).squareRoot())
    }

    @Test(
        "the density along the grid equals the kernels summed one by one, at the ends and for narrow and wide kernels")
    func densityMatchesDefinition() {
        let values = [0, 0.001, 0.2, 0.2, 0.5, 0.73, 0.995, 1]
        for bandwidth in [0.05, 0.077, 0.3, 2] {
            let density = PEDANOVA.density(of: values, bandwidth: bandwidth)
            // Values that are not finite are left out, of the sum and of the count alike.
            #expect(PEDANOVA.density(of: values + [.nan, .infinity], bandwidth: bandwidth) == density)
            #expect(density.count == PEDANOVA.gridSize)
            for (index, estimate) in density.enumerated() {
                let point = (Double(index) + 0.5) / Double(PEDANOVA.gridSize)
                let direct = Self.directDensity(of: values, bandwidth: bandwidth, at: point)
                #expect(abs(estimate - direct) <= 1e-12 * max(1, direct), "bandwidth \(bandwidth), point \(point)")
            }
        }
    }
}
