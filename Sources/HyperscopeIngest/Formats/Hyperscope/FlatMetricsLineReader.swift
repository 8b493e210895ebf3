import HyperscopeCore

/// The hot path of Hyperscope's log format: a metrics line read straight from its bytes.
///
/// A line such as `{"event":"metrics","split":"train","epoch":1,"step":352,"loss":1.21,"acc":0.61}`
/// is visited field by field without building a ``Value``. Keys are interned (compared as bytes
/// against the few keys a log uses) and each (split, metric) pair is mapped to its curve once, so
/// reading a line costs a scan of its bytes and a few array appends. A metric field that is not a
/// number (a string, a flag, a nested object) is passed over and named once in
/// ``firstNonNumericFields``, as the full parser reports it. Any other line that is not such a
/// metrics line is declined, and the full parser reads it.
struct FlatMetricsLineReader {
    private enum Role {
        case event
        case split
        case axis(slot: Int)
        case metric
        /// Another tool's bookkeeping (``HyperscopeLogParser/bookkeepingFields``), passed over.
        case bookkeeping
        /// `_type` in a nested object: W&B media, which the full parser passes over.
        case mediaType
    }

    /// What the next step of an object is: a field, by its interned key, or the object's end.
    private enum KeyStep {
        case key(Int)
        case end
        case invalid
    }

    private struct InternedKey {
        var bytes: [UInt8]
        /// The key between its quotes, as a line writes it.
        var quoted: [UInt8]
        var role: Role
        /// The key itself, after its parents' (a metric's name: `val/acc` for `acc` in `val`).
        var name: String
        /// The key of the object this key is in; -1 for the line's own fields.
        var parent: Int
        /// Whether a value of this key that is not a number was named in ``firstNonNumericFields``.
        var namedAsNonNumeric = false
    }

    private var keys: [InternedKey] = []
    /// Whether a line read had an `event` field: a Hyperscope log, not another tool's.
    private(set) var sawEventLine = false
    private var splits: [(bytes: [UInt8], name: String)] = []
    /// Curve slots by split (row 0: no split) and key index; -1 until first used.
    private var curveSlots: [[Int]] = []
    /// The line groups of each split (row 0: no split), in the order made.
    private var lineGroups: [[Int]] = []
    /// The curve slots of the last line's points, in the order of `pending` (as many as it holds),
    /// kept while lines have the same keys.
    private var lineSlots: [Int] = []
    private var coordinates: [Double] = []
    /// The metric points of the line being read: the first `pendingCount` (kept between lines, so
    /// a line writes into them without allocating).
    private var pending: [(key: Int, value: Double)] = []
    private var pendingCount = 0
    private var timeSlot: Int?
    /// Where the next key is looked for first: logs write their keys in the same order on every line.
    private var nextGuess = 0
    /// The metric fields of the line just read whose values are not numbers, each named on the first
    /// line where that happens only: the caller reports them.
    private(set) var firstNonNumericFields: [(key: String, typeName: String, keyIndex: Int)] = []
    /// The split and metric keys of the last line read, and its line group: a line like it goes to
    /// the same group without asking the accumulator.
    private var previousSplit = -2
    private var previousKeys: [Int] = []
    private var previousGroup = -1

    /// Reads a flat metrics line into `curves`.
    ///
    /// - Returns: The line's `time` coordinate (NaN when it has none), or `nil` when the line is not a
    ///   flat metrics line and must be parsed whole.
    mutating func read(_ bytes: UnsafeRawBufferPointer, into curves: inout CurveAccumulator) -> Double? {
        if !firstNonNumericFields.isEmpty { firstNonNumericFields.removeAll(keepingCapacity: true) }
        guard let split = readFields(bytes, into: &curves) else {
            // Declined: the full parser reads the line, and reports its fields.
            for field in firstNonNumericFields { keys[field.keyIndex].namedAsNonNumeric = false }
            firstNonNumericFields.removeAll()
            return nil
        }
        if pendingCount > 0 {
            // The line's metrics share its coordinates, with the other lines of its group.
            let group = lineGroup(split: split, curves: &curves)
            curves.beginLine(inGroup: group, coordinates: coordinates)
            for position in 0..<pendingCount {
                curves.append(pending[position].value, toCurve: lineSlots[position], inGroup: group)
            }
        }
        return timeSlot.map { coordinates[$0] } ?? .nan
    }

    /// Reads the line's fields into `coordinates` and `pending`; its split (-1 for none), or `nil`
    /// when the line is not a metrics line the fast path reads.
    @inline(__always)
    private mutating func readFields(_ bytes: UnsafeRawBufferPointer, into curves: inout CurveAccumulator) -> Int? {
        pendingCount = 0
        for index in coordinates.indices { coordinates[index] = .nan }
        var splitIndex = -1
        // A line without `event` is a metrics line only when it holds a number.
        var sawEvent = false
        var sawNumber = false
        var scanner = FlatObjectScanner(bytes)
        guard scanner.start() else { return nil }
        fields: while true {
            let keyIndex: Int
            switch nextKey(&scanner, parent: -1, curves: &curves) {
            case .end: break fields
            case .invalid: return nil
            case .key(let index): keyIndex = index
            }
            guard let value = scanner.value() else { return nil }
            if case .objectStart = value {
                switch keys[keyIndex].role {
                case .metric:
                    let before = pendingCount
                    guard readNestedMetrics(of: keyIndex, &scanner, curves: &curves) else { return nil }
                    if pendingCount > before { sawNumber = true }
                case .bookkeeping:
                    guard scanner.skipObject() else { return nil }
                default:
                    return nil
                }
                continue
            }
            switch keys[keyIndex].role {
            case .event:
                guard case .string(let name) = value, Self.equals(name, "metrics") else { return nil }
                sawEvent = true
                sawEventLine = true
            case .split:
                guard case .string(let name) = value else { return nil }
                splitIndex = internSplit(name)
            case .axis(let slot):
                guard case .number(let coordinate) = value else { return nil }
                coordinates[slot] = coordinate
                sawNumber = true
            case .bookkeeping, .mediaType: break
            case .metric: if readMetric(value, key: keyIndex) { sawNumber = true }
            }
        }
        return sawEvent || sawNumber ? splitIndex : nil
    }

    /// The next key of the object being read (`parent` -1: the line's), looked for first where the
    /// line before had it.
    @inline(__always)
    private mutating func nextKey(
        _ scanner: inout FlatObjectScanner, parent: Int, curves: inout CurveAccumulator
    ) -> KeyStep {
        if nextGuess < keys.count, keys[nextGuess].parent == parent,
            keys[nextGuess].quoted.withUnsafeBytes({ scanner.nextKey(matching: $0) })
        {
            nextGuess += 1
            return .key(nextGuess - 1)
        }
        switch scanner.nextKey() {
        case .end: return .end
        case .invalid: return .invalid
        case .field(let bytes): return .key(intern(bytes, parent: parent, curves: &curves))
        }
    }

    /// Reads the object of metrics that is the value of `parent` (`"val": {"acc": 0.9}`): each
    /// number is a point of the metric named by its path (`val/acc`). `false` declines the line,
    /// for W&B media (an object with `_type`) and anything the scanner does not read.
    private mutating func readNestedMetrics(
        of parent: Int, _ scanner: inout FlatObjectScanner, curves: inout CurveAccumulator
    ) -> Bool {
        guard scanner.enterObject() else { return false }
        while true {
            let keyIndex: Int
            switch nextKey(&scanner, parent: parent, curves: &curves) {
            case .end: return true
            case .invalid: return false
            case .key(let index): keyIndex = index
            }
            if case .mediaType = keys[keyIndex].role { return false }
            guard let value = scanner.value() else { return false }
            if case .objectStart = value {
                guard readNestedMetrics(of: keyIndex, &scanner, curves: &curves) else { return false }
            } else {
                _ = readMetric(value, key: keyIndex)
            }
        }
    }

    /// Reads the value of a metric (not an object): a number joins the line's points; a string, flag
    /// or list is named once. Whether it was a number.
    @inline(__always)
    private mutating func readMetric(_ value: FlatFieldValue, key keyIndex: Int) -> Bool {
        switch value {
        case .number(let number):
            if pendingCount == pending.count {
                pending.append((keyIndex, number))
                lineSlots.append(-1)
            } else {
                pending[pendingCount] = (keyIndex, number)
            }
            pendingCount += 1
            return true
        case .null:
            return false
        case .string, .bool, .list, .objectStart:
            if !keys[keyIndex].namedAsNonNumeric {
                keys[keyIndex].namedAsNonNumeric = true
                firstNonNumericFields.append((keys[keyIndex].name, Self.typeName(of: value), keyIndex))
            }
            return false
        }
    }

    private mutating func intern(
        _ bytes: UnsafeRawBufferPointer, parent: Int, curves: inout CurveAccumulator
    ) -> Int {
        if nextGuess < keys.count, keys[nextGuess].parent == parent, Self.equals(bytes, keys[nextGuess].bytes) {
            nextGuess += 1
            return nextGuess - 1
        }
        for index in keys.indices where keys[index].parent == parent && Self.equals(bytes, keys[index].bytes) {
            nextGuess = index + 1
            return index
        }
        let key = String(decoding: bytes, as: UTF8.self)
        let name = parent < 0 ? key : keys[parent].name + "/" + key
        let role: Role
        switch key {
        case _ where parent >= 0: role = key == HyperscopeLogParser.mediaTypeField ? .mediaType : .metric
        case "event": role = .event
        case "split": role = .split
        case _ where HyperscopeLogParser.axisNames.contains(name):
            let slot = curves.axisSlot(named: name)
            if coordinates.count <= slot { coordinates += Array(repeating: .nan, count: slot + 1 - coordinates.count) }
            if timeSlot == nil, HyperscopeLogParser.timeAxisNames.contains(name) { timeSlot = slot }
            role = .axis(slot: slot)
        case _ where HyperscopeLogParser.bookkeepingFields.contains(name): role = .bookkeeping
        default: role = .metric
        }
        let quote = UInt8(ascii: "\"")
        keys.append(
            InternedKey(
                bytes: Array(bytes), quoted: [quote] + Array(bytes) + [quote], role: role, name: name, parent: parent))
        nextGuess = keys.count
        return keys.count - 1
    }

    /// At most this many line groups per split: a log whose lines hold ever new sets of metrics
    /// does not make a group per line.
    private static let maximumGroupsPerSplit = 8

    /// The line group of the line read, of a split (-1: none), with the points in `pending`: the last
    /// line's when it has the same keys, else one for its kind of line, made on first use
    /// (``CurveAccumulator/lineGroup(for:among:allowingNew:)``); the line's curve slots go to
    /// `lineSlots`.
    private mutating func lineGroup(split: Int, curves: inout CurveAccumulator) -> Int {
        if split == previousSplit, pendingCount == previousKeys.count,
            (0..<pendingCount).allSatisfy({ pending[$0].key == previousKeys[$0] })
        {
            return previousGroup
        }
        previousSplit = split
        previousKeys.removeAll(keepingCapacity: true)
        for position in 0..<pendingCount {
            previousKeys.append(pending[position].key)
            lineSlots[position] = curveSlot(split: split, key: pending[position].key, curves: &curves)
        }
        let row = split + 1
        if lineGroups.count <= row { lineGroups += Array(repeating: [], count: row + 1 - lineGroups.count) }
        let allowingNew = lineGroups[row].count < Self.maximumGroupsPerSplit
        if let group = curves.lineGroup(
            for: lineSlots[..<pendingCount], among: lineGroups[row], allowingNew: allowingNew)
        {
            previousGroup = group
        } else {
            previousGroup = curves.lineGroup()
            lineGroups[row].append(previousGroup)
        }
        return previousGroup
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

    /// The name ``Value/typeName`` gives the value's type.
    private static func typeName(of value: FlatFieldValue) -> String {
        switch value {
        case .number: "float"
        case .string: "string"
        case .bool: "bool"
        case .null: "null"
        case .list: "list"
        case .objectStart: "object"
        }
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
