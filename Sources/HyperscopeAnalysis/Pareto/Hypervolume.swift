import HyperscopeCore

/// The hypervolume of a set of points: the volume of objective space they dominate up to a reference
/// point, the usual single figure of a front's quality (larger is better). Exact for two and three
/// objectives.
public enum Hypervolume {
    /// The hypervolume `points` dominate up to `reference` (a point worse than every one of interest on
    /// every objective); points not better than the reference on every objective add nothing.
    ///
    /// - Returns: The volume, or `nil` for more than three objectives.
    /// - Complexity: O(*n* log *n*) for two objectives, O(*n*² log *n*) for three.
    public static func of(_ points: [[Double]], reference: [Double], goals: [MetricGoal]) -> Double? {
        // As minimisation, each coordinate's distance below the reference.
        let reference = goals.indices.map { ParetoDominance.minimised(reference[$0], goals[$0]) }
        let inside = points.map { point in goals.indices.map { ParetoDominance.minimised(point[$0], goals[$0]) } }
            .filter { point in goals.indices.allSatisfy { point[$0] < reference[$0] } }
        switch goals.count {
        case 1: return inside.map { reference[0] - $0[0] }.max() ?? 0
        case 2: return area(inside.map { ($0[0], $0[1]) }, reference: (reference[0], reference[1]))
        case 3:
            // Slices along the third objective: between consecutive values, the area of the points at or
            // below the slice.
            let sorted = inside.sorted { $0[2] < $1[2] }
            var volume = 0.0
            for index in sorted.indices {
                let top = index + 1 < sorted.count ? sorted[index + 1][2] : reference[2]
                let height = top - sorted[index][2]
                guard height > 0 else { continue }
                let slice = sorted[...index].map { ($0[0], $0[1]) }
                volume += height * area(Array(slice), reference: (reference[0], reference[1]))
            }
            return volume
        default: return nil
        }
    }

    /// The area two-objective points (to minimise) dominate up to `reference`.
    static func area(_ points: [(Double, Double)], reference: (Double, Double)) -> Double {
        var area = 0.0
        var lowestSecond = reference.1
        for point in points.sorted(by: { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }) where point.1 < lowestSecond {
            area += (reference.0 - point.0) * (lowestSecond - point.1)
            lowestSecond = point.1
        }
        return area
    }
}
