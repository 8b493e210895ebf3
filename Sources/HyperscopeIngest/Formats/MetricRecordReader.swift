import HyperscopeCore

/// Reads records of named values into curves: a row of a CSV log, an entry of a trainer state's
/// `log_history`. Fields named in `axes` are the record's coordinates; every other number is a point
/// of the metric of that name; `null` is no point; any other value is named once per field, for the
/// caller to report (``nonNumericReason(_:typeName:)``).
struct MetricRecordReader {
    /// The names read as x-axes.
    let axes: Set<String>
    /// The curves read so far.
    private(set) var curves = CurveAccumulator()
    private var named: Set<String> = []

    init(axes: Set<String>) {
        self.axes = axes
    }

    /// Reads one record; the fields whose values are not numbers, each only the first time.
    mutating func read(_ fields: [(name: String, value: Value)]) -> [(name: String, typeName: String)] {
        let coordinates = fields.compactMap { field in
            axes.contains(field.name) ? field.value.numericValue.map { (field.name, $0) } : nil
        }
        var nonNumeric: [(name: String, typeName: String)] = []
        for field in fields where !axes.contains(field.name) && field.value != .null {
            if let number = field.value.numericValue {
                curves.append(number, to: MetricKey(parsing: field.name), at: coordinates)
            } else if named.insert(field.name).inserted {
                nonNumeric.append((field.name, field.value.typeName))
            }
        }
        return nonNumeric
    }

    /// Why a field that is not a number is no curve point: `subject` is what the field is called
    /// (`metrics field "note"`).
    static func nonNumericReason(_ subject: String, typeName: String) -> String {
        let article = typeName == "object" || typeName == "int" ? "an" : "a"
        return
            "\(subject) is \(article) \(typeName), not a number; only numbers become curve points (reported once per field)"
    }
}
