import HyperscopeCore

/// Collects a run's curve points while a parser reads, in columns that grow by appending.
///
/// Axes are numbered once per run (``axisSlot(named:)``) so a point's coordinates are a plain array
/// indexed by slot, NaN where the point lacks an axis; curves are numbered once per key
/// (``curveSlot(for:)``). Appending a point is then a few array appends, which is what lets the
/// ingestion read hundreds of megabytes per second. ``curves`` turns the columns back into
/// ``MetricCurve`` values.
struct CurveAccumulator {
    private struct Columns {
        var key: MetricKey
        var values: [Double] = []
        /// One column per axis slot; empty while the curve has no point with that axis.
        var axes: [[Double]] = []
    }

    private(set) var axisNames: [String] = []
    private var columns: [Columns] = []
    private var slotsByKey: [MetricKey: Int] = [:]

    /// Continues the curves a run already has (a resumed log's).
    init(_ curves: [MetricCurve] = []) {
        for curve in curves {
            let slot = curveSlot(for: curve.key)
            for axis in curve.axes {
                let axisSlot = axisSlot(named: axis.name)
                growAxes(of: slot, to: axisSlot + 1)
                columns[slot].axes[axisSlot] = axis.values
            }
            columns[slot].values = curve.values
        }
    }

    /// The slot of an axis, numbering it on first use.
    mutating func axisSlot(named name: String) -> Int {
        if let slot = axisNames.firstIndex(of: name) { return slot }
        axisNames.append(name)
        return axisNames.count - 1
    }

    /// The slot of a curve, creating the curve on first use.
    mutating func curveSlot(for key: MetricKey) -> Int {
        if let slot = slotsByKey[key] { return slot }
        columns.append(Columns(key: key))
        slotsByKey[key] = columns.count - 1
        return columns.count - 1
    }

    /// Appends a point to the curve in `slot`.
    ///
    /// - Parameter coordinates: One coordinate per axis slot (it may be shorter than the number of
    ///   slots), NaN where the point lacks the axis.
    /// - Complexity: O(*a*) in the number of axis slots.
    mutating func append(_ value: Double, toCurve slot: Int, coordinates: [Double]) {
        if columns[slot].axes.count < coordinates.count { growAxes(of: slot, to: coordinates.count) }
        columns.withUnsafeMutableBufferPointer { columns in
            let previousCount = columns[slot].values.count
            columns[slot].values.append(value)
            columns[slot].axes.withUnsafeMutableBufferPointer { axes in
                for axis in 0..<axes.count {
                    let coordinate = axis < coordinates.count ? coordinates[axis] : .nan
                    if axes[axis].isEmpty {
                        guard !coordinate.isNaN else { continue }
                        axes[axis] = Array(repeating: .nan, count: previousCount)
                    }
                    axes[axis].append(coordinate)
                }
            }
        }
    }

    /// Appends a point with named coordinates: the convenient form for cold paths.
    mutating func append(_ value: Double, to key: MetricKey, at coordinates: [(name: String, value: Double)] = []) {
        var byslot: [Double] = []
        for coordinate in coordinates {
            let axis = axisSlot(named: coordinate.name)
            if byslot.count <= axis { byslot += Array(repeating: .nan, count: axis + 1 - byslot.count) }
            byslot[axis] = coordinate.value
        }
        append(value, toCurve: curveSlot(for: key), coordinates: byslot)
    }

    /// The curves, in the order first seen, each with the axes it has points on.
    var curves: [MetricCurve] {
        columns.map(curve(of:))
    }

    /// The curve of one metric, if any point of it was appended.
    func curve(_ key: MetricKey) -> MetricCurve? {
        slotsByKey[key].map { curve(of: columns[$0]) }
    }

    private func curve(of column: Columns) -> MetricCurve {
        let axes = column.axes.enumerated().compactMap { slot, values in
            values.isEmpty ? nil : CurveAxis(name: axisNames[slot], values: values)
        }
        return MetricCurve(key: column.key, values: column.values, axes: axes)
    }

    private mutating func growAxes(of slot: Int, to count: Int) {
        if columns[slot].axes.count < count {
            columns[slot].axes += Array(repeating: [], count: count - columns[slot].axes.count)
        }
    }
}
