/// A typed value as read from logs, configs and tables.
///
/// Hyperscope keeps JSON's types, with integers and floating-point numbers kept apart, so a
/// hyperparameter `batch_size: 128` stays an integer and `lr: 0.001` stays a float. Nested
/// configurations are flattened to dotted keys before they become run parameters (see
/// ``Value/flattened(prefix:)``); objects remain only inside lists, for list items such as
/// `{"name": "customer_id", "dim": 64}`.
public enum Value: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits in 64 bits.
    case int(Int64)
    /// A floating-point number, including NaN and the infinities that Python's `json` writes.
    case float(Double)
    /// A string.
    case string(String)
    /// A list of values.
    case list([Value])
    /// An object whose fields keep their order.
    case object([Field])

    /// One field of an object value.
    public struct Field: Sendable, Hashable {
        /// The field's name.
        public var key: String
        /// The field's value.
        public var value: Value

        /// Creates a field.
        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }
}

extension Value {
    /// An object of a dictionary's fields in key order, so documents read the same every time.
    package static func object(sortedByKey dictionary: [String: Value]) -> Value {
        .object(dictionary.sorted { $0.key < $1.key }.map { Value.Field($0.key, $0.value) })
    }

    /// The value as a `Double` when it is an integer or a float; booleans and other kinds give `nil`.
    public var numericValue: Double? {
        switch self {
        case .int(let integer): Double(integer)
        case .float(let number): number
        default: nil
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of the first field named `key` when this is an object.
    ///
    /// - Complexity: O(*n*) in the number of fields.
    public subscript(key: String) -> Value? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// A short name of the value's type, for messages such as "expected a number, found string".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .list: "list"
        case .object: "object"
        }
    }

    /// A compact human-readable rendering: strings bare, lists as `[a, b]`, objects as `{k: v}`.
    ///
    /// Used in tables and for glob matching; JSON output uses ``JSONWriter`` instead.
    public var displayText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let integer): String(integer)
        case .float(let number): Value.formatFloat(number)
        case .string(let text): text
        case .list(let items): "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + "}"
        }
    }

    /// A value for reading in a table or a sentence: floats to `digits` significant digits
    /// (`0.01352`), the rest as ``displayText``.
    public func shortText(digits: Int = 4) -> String {
        if case .float(let number) = self { return NumberFormatting.metric(number, digits: digits) }
        return displayText
    }

    /// The fewest significant digits, at least `minimum`, at which ``shortText(digits:)`` writes
    /// the distinct floats among `values` distinctly, so a table column of sampled floats reads
    /// `0.01352` yet two configurations that differ in the sixth digit do not look alike.
    /// Seventeen digits tell any two doubles apart; values that are not floats do not count.
    public static func distinguishingDigits(_ values: some Sequence<Value?>, minimum: Int = 4) -> Int {
        var numbers: [Double] = []
        for case .float(let number)? in values where number.isFinite { numbers.append(number) }
        return distinctLabels(of: numbers, minimum: minimum).digits
    }

    /// Each of `values` as ``shortText(digits:)`` writes it at the ``distinguishingDigits(_:minimum:)``
    /// of the floats among them, and those digits. Only the values `counted` marks (all when `nil`)
    /// count and are written; the others are left empty. Finding the digits writes each distinct
    /// float at them already, so none is written twice: a table's column of 100,000 floats, a
    /// sweep's or an insight's, pays for it once.
    package static func shortTexts(
        _ values: [Value], counted: [Bool]? = nil, minimum: Int = 4
    ) -> (digits: Int, texts: [String]) {
        var texts = [String](repeating: "", count: values.count)
        var floatPositions: [Int] = []
        var floats: [Double] = []
        for (position, value) in values.enumerated() where counted?[position] ?? true {
            if case .float(let number) = value, number.isFinite {
                floatPositions.append(position)
                floats.append(number)
            } else {
                // Not a finite float: its short text does not depend on the digits.
                texts[position] = value.shortText(digits: minimum)
            }
        }
        let labelled = distinctLabels(of: floats, minimum: minimum)
        for (position, distinct) in zip(floatPositions, labelled.distinctOfEach) {
            texts[position] = labelled.labels[distinct]
        }
        return (labelled.digits, texts)
    }

    /// The fewest digits, at least `minimum`, at which the distinct numbers among the finite
    /// `numbers` read apart, their labels at those digits in ascending order of number, and the
    /// position among those of each of `numbers`.
    private static func distinctLabels(
        of numbers: [Double], minimum: Int
    ) -> (digits: Int, labels: [String], distinctOfEach: [Int]) {
        // The distinct numbers, in order (-0 and 0 are one).
        var sorted: [Double] = []
        var distinctOfEach = [Int](repeating: 0, count: numbers.count)
        sorted.reserveCapacity(numbers.count)
        for position in numbers.ascendingPositions {
            if sorted.last != numbers[position] { sorted.append(numbers[position]) }
            distinctOfEach[position] = sorted.count - 1
        }
        // Labels are compared as the numbers their texts are made of (``NumberFormatting/MetricText``)
        // and written once, at the digits found.
        let text = { (position: Int, digits: Int) in NumberFormatting.metricText(sorted[position], digits: digits) }
        // Rounding keeps order, so numbers that read alike are neighbours once sorted: only the
        // neighbours that clash at one count of digits are compared again at the next.
        var digits = minimum
        var texts = sorted.indices.map { text($0, minimum) }
        var clashing = sorted.indices.dropLast().filter { texts[$0] == texts[$0 + 1] }
        while digits < 17, !clashing.isEmpty {
            digits += 1
            clashing = clashing.filter { text($0, digits) == text($0 + 1, digits) }
        }
        // Every text once more at the digits found: neighbours that read apart at fewer digits can
        // read alike at more (0.12344999 and 0.12345001 at four and five).
        var textDigits = minimum
        while digits < 17 {
            if digits > textDigits {
                texts = sorted.indices.map { text($0, digits) }
                textDigits = digits
            }
            if Self.areDistinct(orderedTexts: texts) { break }
            digits += 1
        }
        let labels = sorted.map { NumberFormatting.metric($0, digits: digits) }
        return (digits, labels, distinctOfEach)
    }

    /// Whether no two of the texts of ordered numbers are the same: only neighbours need comparing
    /// while the texts read as increasing numbers; all of them at once where a change of notation
    /// broke that order, or two neighbours read as one number written two ways.
    private static func areDistinct(orderedTexts texts: [NumberFormatting.MetricText]) -> Bool {
        for position in texts.indices.dropFirst() {
            if texts[position] == texts[position - 1] { return false }
            guard texts[position].approximateValue > texts[position - 1].approximateValue else {
                return Set(texts).count == texts.count
            }
        }
        return true
    }

    /// Formats a float the shortest way that reads back to the same number (`0.001`, `1e-05`, `NaN`).
    public static func formatFloat(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        // `description` itself: an interpolation would look up the number's conformances first.
        return number.description
    }
}

extension Value {
    /// Flattens nested objects into dotted keys: `{"optim": {"lr": 0.1}}` becomes `optim.lr = 0.1`.
    ///
    /// Lists are kept as list values (their items are not flattened), so `layers: [128, 64]` stays one
    /// parameter. A non-object value flattens to itself under `prefix`. An empty nested object is
    /// kept as an empty object value so that its key is not lost.
    ///
    /// - Parameter prefix: The key of this value, or `""` at the root.
    /// - Returns: The flattened keys and values in the order they appear.
    /// - Complexity: O(*n*) in the number of nested fields.
    public func flattened(prefix: String = "") -> [(key: String, value: Value)] {
        var result: [(key: String, value: Value)] = []
        appendFlattened(prefix: prefix, into: &result)
        return result
    }

    private func appendFlattened(prefix: String, into result: inout [(key: String, value: Value)]) {
        guard case .object(let fields) = self, !fields.isEmpty || prefix.isEmpty else {
            result.append((prefix, self))
            return
        }
        for field in fields {
            let key = prefix.isEmpty ? field.key : prefix + "." + field.key
            field.value.appendFlattened(prefix: key, into: &result)
        }
    }
}
