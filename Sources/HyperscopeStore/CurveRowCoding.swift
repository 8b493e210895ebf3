import Foundation
import HyperscopeCore

/// The database form of a run's curves: one row per curve with packed arrays, shared by every
/// database store.
///
/// Metrics logged on the same line share their x-axes, so an axis identical to one already
/// written for an earlier curve of the run is stored as a reference to it rather than again:
/// a line with `loss`, `acc` and `lr` against `epoch`, `step` and `time` stores each axis once,
/// which halves what a typical log writes.
enum CurveRowCoding {
    /// One curve as stored.
    struct Row {
        /// The split.
        var split: String
        /// The metric.
        var metric: String
        /// The number of points.
        var count: Int
        /// The values, packed by ``PackedColumn``.
        var valueData: Data
        /// A JSON list with one entry per axis: its name when its values are in ``axisData``, or
        /// `{"name": …, "same_as": "split/metric"}` when they are those of an earlier curve's axis.
        var axisNames: String
        /// The axes stored inline, each packed by ``PackedColumn``, one after another.
        var axisData: Data
    }

    /// The rows of a run's curves, in order.
    static func encode(_ curves: [MetricCurve]) -> [Row] {
        var rows: [Row] = []
        for (index, curve) in curves.enumerated() {
            var entries: [Value] = []
            var axisData = Data()
            for axis in curve.axes {
                if let earlier = curves[..<index].first(where: { $0.axes.contains { sameValues($0, axis) } }) {
                    entries.append(
                        .object([
                            Value.Field("name", .string(axis.name)),
                            Value.Field("same_as", .string(earlier.key.description)),
                        ]))
                } else {
                    entries.append(.string(axis.name))
                    PackedColumn.encode(axis.values, into: &axisData)
                }
            }
            rows.append(
                Row(
                    split: curve.key.split, metric: curve.key.metric, count: curve.count,
                    valueData: PackedColumn.encode(curve.values),
                    axisNames: JSONWriter().string(from: .list(entries)), axisData: axisData))
        }
        return rows
    }

    /// Decodes one row; `earlier` holds the run's curves decoded before it, for shared axes.
    ///
    /// - Throws: ``StoreError`` when the row is damaged or refers to a curve that is not there.
    static func decode(_ row: Row, earlier: [MetricCurve]) throws -> MetricCurve {
        let key = MetricKey(split: row.split, metric: row.metric)
        guard case .list(let entries) = try? JSONParser.parse(row.axisNames) else {
            throw StoreError(.corrupt, "stored curve \(key) has unreadable axis names")
        }
        var axes: [CurveAxis] = []
        var axisOffset = 0
        for entry in entries {
            if let name = entry.stringValue {
                axes.append(
                    CurveAxis(
                        name: name, values: try PackedColumn.decode(row.axisData, at: &axisOffset, count: row.count)))
            } else if let name = entry["name"]?.stringValue, let source = entry["same_as"]?.stringValue,
                let shared = earlier.first(where: { $0.key.description == source })?.axis(named: name),
                shared.count == row.count
            {
                axes.append(CurveAxis(name: name, values: shared))
            } else {
                throw StoreError(
                    .corrupt,
                    "stored curve \(key) refers to an axis that is not stored: \(JSONWriter().string(from: entry))")
            }
        }
        var valueOffset = 0
        return MetricCurve(
            key: key, values: try PackedColumn.decode(row.valueData, at: &valueOffset, count: row.count), axes: axes)
    }

    private static func sameValues(_ stored: CurveAxis, _ axis: CurveAxis) -> Bool {
        guard stored.name == axis.name, stored.values.count == axis.values.count else { return false }
        return stored.values.withUnsafeBytes { left in
            axis.values.withUnsafeBytes { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }
}
