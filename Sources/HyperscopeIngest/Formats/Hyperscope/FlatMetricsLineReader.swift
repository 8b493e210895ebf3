import HyperscopeCore

/// The hot path of Hyperscope's log format: a metrics line read straight from its bytes.
///
/// A line such as `{"event":"metrics","split":"train","epoch":1,"step":352,"loss":1.21,"acc":0.61}`
/// is visited field by field without building a ``Value``. Keys are interned (compared as bytes
/// against the few keys a log uses) and each (split, metric) pair is mapped to its curve once, so
/// reading a line costs a scan of its bytes and a few array appends. Any line that is not such a flat
/// metrics line is declined, and the full parser reads it.
struct FlatMetricsLineReader {
    private enum Role {
        case event
        case split
        case axis(slot: Int)
        case metric
    }

    private struct InternedKey {
        var bytes: [UInt8]
        /// The key between its quotes, as a line writes it.
        var quoted: [UInt8]
        var role: Role
        /// The key itself (a metric's name).
        var name: String
    }

    private var keys: [InternedKey] = []
    private var splits: [(bytes: [UInt8], name: String)] = []
    /// Curve slots by split (row 0: no split) and key index; -1 until first used.
    private var curveSlots: [[Int]] = []
    /// The line group of each split (row 0: no split); -1 until first used.
    private var lineGroups: [Int] = []
    private var coordinates: [Double] = []
    private var pending: [(key: Int, value: Double)] = []
    private var timeSlot: Int?
    /// Where the next key is looked for first: logs write their keys in the same order on every line.
    private var nextGuess = 0

    /// Reads a flat metrics line into `curves`.
    ///
    /// - Returns: The line's `time` coordinate (NaN when it has none), or `nil` when the line is not a
    ///   flat metrics line and must be parsed whole.
    mutating func read(_ bytes: UnsafeRawBufferPointer, into curves: inout CurveAccumulator) -> Double? {
        pending.removeAll(keepingCapacity: true)
        for index in coordinates.indices { coordinates[index] = .nan }
        var splitIndex = -1
        var scanner = FlatObjectScanner(bytes)
        guard scanner.start() else { return nil }
        fields: while true {
            let keyIndex: Int
            if nextGuess < keys.count, keys[nextGuess].quoted.withUnsafeBytes({ scanner.nextKey(matching: $0) }) {
                keyIndex = nextGuess
                nextGuess += 1
            } else {
                switch scanner.nextKey() {
                case .end: break fields
                case .invalid: return nil
                case .field(let bytes): keyIndex = intern(bytes, curves: &curves)
                }
            }
            guard let value = scanner.scalar() else { return nil }
            switch keys[keyIndex].role {
            case .event:
                guard case .string(let name) = value, Self.equals(name, "metrics") else { return nil }
            case .split:
                guard case .string(let name) = value else { return nil }
                splitIndex = internSplit(name)
            case .axis(let slot):
                guard case .number(let coordinate) = value else { return nil }
                coordinates[slot] = coordinate
            case .metric:
                switch value {
                case .number(let number): pending.append((keyIndex, number))
                case .null: break
                default: return nil
                }
            }
        }
        if !pending.isEmpty {
            // The line's metrics share its coordinates: one group of lines per split.
            let group = lineGroup(split: splitIndex, curves: &curves)
            curves.beginLine(inGroup: group, coordinates: coordinates)
            for (keyIndex, value) in pending {
                curves.append(
                    value, toCurve: curveSlot(split: splitIndex, key: keyIndex, curves: &curves), inGroup: group)
            }
        }
        return timeSlot.map { coordinates[$0] } ?? .nan
    }

    private mutating func intern(_ bytes: UnsafeRawBufferPointer, curves: inout CurveAccumulator) -> Int {
        if nextGuess < keys.count, Self.equals(bytes, keys[nextGuess].bytes) {
            nextGuess += 1
            return nextGuess - 1
        }
        for index in keys.indices where Self.equals(bytes, keys[index].bytes) {
            nextGuess = index + 1
            return index
        }
        let name = String(decoding: bytes, as: UTF8.self)
        let role: Role
        switch name {
        case "event": role = .event
        case "split": role = .split
        case _ where HyperscopeLogParser.axisNames.contains(name):
            let slot = curves.axisSlot(named: name)
            if coordinates.count <= slot { coordinates += Array(repeating: .nan, count: slot + 1 - coordinates.count) }
            if name == "time" { timeSlot = slot }
            role = .axis(slot: slot)
        default: role = .metric
        }
        let quote = UInt8(ascii: "\"")
        keys.append(InternedKey(bytes: Array(bytes), quoted: [quote] + Array(bytes) + [quote], role: role, name: name))
        nextGuess = keys.count
        return keys.count - 1
    }

    /// The line group of a split (row 0: no split), made on first use.
    private mutating func lineGroup(split: Int, curves: inout CurveAccumulator) -> Int {
        let row = split + 1
        if lineGroups.count <= row { lineGroups += Array(repeating: -1, count: row + 1 - lineGroups.count) }
        if lineGroups[row] < 0 { lineGroups[row] = curves.lineGroup() }
        return lineGroups[row]
    }

    private mutating func internSplit(_ bytes: UnsafeRawBufferPointer) -> Int {
        for index in splits.indices where Self.equals(bytes, splits[index].bytes) { return index }
        splits.append((Array(bytes), String(decoding: bytes, as: UTF8.self)))
        return splits.count - 1
    }

    private mutating func curveSlot(split: Int, key: Int, curves: inout CurveAccumulator) -> Int {
        let row = split + 1
        if curveSlots.count <= row { curveSlots += Array(repeating: [], count: row + 1 - curveSlots.count) }
        if curveSlots[row].count <= key {
            curveSlots[row] += Array(repeating: -1, count: key + 1 - curveSlots[row].count)
        }
        let known = curveSlots[row][key]
        if known >= 0 { return known }
        guard case .metric = keys[key].role else { return -1 }
        let name = keys[key].name
        let metricKey = split >= 0 ? MetricKey(split: splits[split].name, metric: name) : MetricKey(parsing: name)
        let slot = curves.curveSlot(for: metricKey)
        curveSlots[row][key] = slot
        return slot
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ stored: [UInt8]) -> Bool {
        guard bytes.count == stored.count else { return false }
        for index in 0..<stored.count where bytes[index] != stored[index] { return false }
        return true
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != text.utf8Start[index] { return false }
        return true
    }
}
