import HyperscopeCore

/// Collects a run's curve points while a parser reads, in columns that grow by appending.
///
/// Axes are numbered once per run (``axisSlot(named:)``) so a point's coordinates are a plain array
/// indexed by slot, NaN where the point lacks an axis; curves are numbered once per key
/// (``curveSlot(for:)``). Appending a point is then a few array appends, which is what lets the
/// ingestion read hundreds of megabytes per second. ``curves`` turns the columns back into
/// ``MetricCurve`` values.
///
/// A line that logs several metrics at one x (`loss`, `acc` and `lr` at one `step`) is appended as
/// a line of a group (``beginLine(inGroup:coordinates:)``, then
/// ``append(_:toCurve:inGroup:)`` per metric): its coordinates are written once, to the group's
/// axes, and each curve that has a point on every line of its group shares them, so a line costs
/// one append per metric and per axis instead of one per metric and axis. A curve that misses a
/// line of its group, or gets a point any other way, takes a copy of the axes it had and goes on
/// with its own.
struct CurveAccumulator {
    private struct Columns {
        var key: MetricKey
        var values: [Double] = []
        /// The line group whose first `values.count` lines are this curve's points, while that holds.
        var group: Int?
        /// Its own axes (when it shares none): one column per axis slot; empty while the curve has
        /// no point with that axis.
        var axes: [[Double]] = []
    }

    /// The coordinates of a group's lines: one column per axis slot, empty until a line has that axis.
    private struct LineGroup {
        var axes: [[Double]] = []
        var lineCount = 0
    }

    private(set) var axisNames: [String] = []
    private var columns: [Columns] = []
    private var slotsByKey: [MetricKey: Int] = [:]
    private var groups: [LineGroup] = []

    /// Continues the curves a run already has (a resumed log's).
    init(_ curves: [MetricCurve] = []) {
        for curve in curves {
            let slot = curveSlot(for: curve.key)
            for axis in curve.axes {
                let axisSlot = axisSlot(named: axis.name)
                Self.growAxes(&columns[slot].axes, to: axisSlot + 1)
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

    /// A new, empty line group.
    mutating func lineGroup() -> Int {
        groups.append(LineGroup())
        return groups.count - 1
    }

    /// The group, among `candidates`, whose next line a line with points on the curves in `slots`
    /// should be, so that the most curves go on sharing their axes; `nil` when a new group would keep
    /// more of them (only when `allowingNew`, and always when there is no candidate).
    ///
    /// A curve shares a group's axes while it has a point on every line of the group: a line of
    /// group *g* keeps the line's curves that are in step with *g* and new curves when *g* has no line
    /// yet; every other curve of the line that shares a group's axes, and every curve in step with
    /// *g* that the line lacks, takes a copy of its axes from then on (so do new curves, unless they
    /// start a group). Logs that write training and evaluation metrics on separate lines without a
    /// split (W&B's history, Hugging Face's log history) so keep one group for each kind of line.
    func lineGroup(for slots: ArraySlice<Int>, among candidates: [Int], allowingNew: Bool) -> Int? {
        var sharing = 0
        var new = 0
        var common = -1  // the group every curve of the line is in step with, while there is one
        for slot in slots {
            if let group = columns[slot].group {
                if columns[slot].values.count == groups[group].lineCount {
                    sharing += 1
                    common = common == -1 || common == group ? group : -2
                } else {
                    common = -2
                }
            } else {
                common = -2
                if columns[slot].values.isEmpty { new += 1 }
            }
        }
        // The usual line: the same curves as the last line of its group, all in step.
        if common >= 0, curvesInStep(with: common) == slots.count { return common }
        var best: Int?
        var bestCost = Int.max
        for group in candidates {
            var inStep = 0
            for slot in slots
            where columns[slot].group == group && columns[slot].values.count == groups[group].lineCount {
                inStep += 1
            }
            let joining = groups[group].lineCount == 0 ? new : 0
            let cost = (curvesInStep(with: group) - inStep) + (sharing - inStep) + (new - joining)
            if cost < bestCost {
                best = group
                bestCost = cost
            }
        }
        return allowingNew && sharing < bestCost ? nil : best
    }

    /// How many curves share the axes of `group` with a point on each of its lines.
    private func curvesInStep(with group: Int) -> Int {
        columns.count { $0.group == group && $0.values.count == groups[group].lineCount }
    }

    /// Starts a line of a group at `coordinates` (one per axis slot, possibly fewer than the slots,
    /// NaN where the line lacks the axis); its metrics follow with ``append(_:toCurve:inGroup:)``.
    mutating func beginLine(inGroup group: Int, coordinates: [Double]) {
        groups.withUnsafeMutableBufferPointer { groups in
            let lines = groups[group].lineCount
            groups[group].lineCount += 1
            Self.append(coordinates, toAxes: &groups[group].axes, pointsBefore: lines)
        }
    }

    /// Appends the point of the current line of `group` (the last begun) to the curve in `slot`.
    mutating func append(_ value: Double, toCurve slot: Int, inGroup group: Int) {
        let line = groups[group].lineCount - 1
        let count = columns[slot].values.count
        if columns[slot].group == group, count == line {
            columns[slot].values.append(value)
        } else if columns[slot].group == nil, count == 0, line == 0 {
            columns[slot].group = group
            columns[slot].values.append(value)
        } else {
            if columns[slot].group != nil { ownAxes(slot) }
            let groupAxes = groups[group].axes
            columns.withUnsafeMutableBufferPointer { columns in
                columns[slot].values.append(value)
                Self.append(
                    groupAxes.count, { $0 < groupAxes.count && !groupAxes[$0].isEmpty ? groupAxes[$0][line] : .nan },
                    toAxes: &columns[slot].axes, pointsBefore: count)
            }
        }
    }

    /// Appends a point to the curve in `slot`.
    ///
    /// - Parameter coordinates: One coordinate per axis slot (it may be shorter than the number of
    ///   slots), NaN where the point lacks the axis.
    /// - Complexity: O(*a*) in the number of axis slots.
    mutating func append(_ value: Double, toCurve slot: Int, coordinates: [Double]) {
        if columns[slot].group != nil { ownAxes(slot) }
        columns.withUnsafeMutableBufferPointer { columns in
            let count = columns[slot].values.count
            columns[slot].values.append(value)
            Self.append(coordinates, toAxes: &columns[slot].axes, pointsBefore: count)
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
        let axes = axes(of: column).enumerated().compactMap { slot, values in
            values.isEmpty ? nil : CurveAxis(name: axisNames[slot], values: values)
        }
        return MetricCurve(key: column.key, values: column.values, axes: axes)
    }

    /// A curve's axes: its own, or its group's (the group's arrays themselves when the curve has a
    /// point on every line; else their first lines, an axis none of those lines has left empty).
    private func axes(of column: Columns) -> [[Double]] {
        guard let group = column.group else { return column.axes }
        let count = column.values.count
        return groups[group].axes.map { axis in
            guard axis.count > count else { return axis }
            let prefix = Array(axis[..<count])
            return prefix.allSatisfy(\.isNaN) ? [] : prefix
        }
    }

    /// Gives a curve that shares its group's axes a copy of them, to append its own points to.
    private mutating func ownAxes(_ slot: Int) {
        columns[slot].axes = axes(of: columns[slot])
        columns[slot].group = nil
    }

    /// Appends one point's coordinates to axis columns holding `pointsBefore` points: an axis seen
    /// for the first time is filled with NaN for the earlier points.
    @inline(__always)
    private static func append(_ coordinates: [Double], toAxes axes: inout [[Double]], pointsBefore count: Int) {
        append(
            coordinates.count, { $0 < coordinates.count ? coordinates[$0] : .nan }, toAxes: &axes, pointsBefore: count)
    }

    /// ``append(_:toAxes:pointsBefore:)`` with the coordinates given by axis slot: `coordinateCount`
    /// of them, NaN past those.
    @inline(__always)
    private static func append(
        _ coordinateCount: Int, _ coordinate: (Int) -> Double, toAxes axes: inout [[Double]], pointsBefore count: Int
    ) {
        if axes.count < coordinateCount { growAxes(&axes, to: coordinateCount) }
        axes.withUnsafeMutableBufferPointer { axes in
            for axis in 0..<axes.count {
                let coordinate = coordinate(axis)
                if axes[axis].isEmpty {
                    guard !coordinate.isNaN else { continue }
                    axes[axis] = Array(repeating: .nan, count: count)
                }
                axes[axis].append(coordinate)
            }
        }
    }

    private static func growAxes(_ axes: inout [[Double]], to count: Int) {
        if axes.count < count { axes += Array(repeating: [], count: count - axes.count) }
    }
}
