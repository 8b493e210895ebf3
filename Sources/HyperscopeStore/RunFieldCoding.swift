import HyperscopeCore

/// Encodes the JSON-valued fields of a run (parameters, attributes, messages) for a database column
/// and decodes them back, shared by every database store.
///
/// Parameters and attributes are written with NaN and the infinities as literals, which
/// ``JSONParser`` reads back, so a typed value survives the round trip exactly.
enum RunFieldCoding {
    private static let writer = JSONWriter(pretty: false, nonFiniteNumbers: .literals)

    /// A dictionary of values as a JSON object with keys in sorted order.
    static func encode(_ dictionary: [String: Value]) -> String {
        writer.string(from: Value.object(sortedByKey: dictionary))
    }

    /// The dictionary of values a JSON object column holds.
    ///
    /// - Throws: ``StoreError`` naming the column when the text is not a JSON object.
    static func decodeDictionary(_ text: String, column: String) throws -> [String: Value] {
        guard case .object(let fields) = try parse(text, column: column) else {
            throw StoreError(.corrupt, "stored \(column) is not a JSON object")
        }
        // Built in place (a repeated key keeps its last value): no array of pairs in between.
        var dictionary = [String: Value](minimumCapacity: fields.count)
        for field in fields { dictionary[field.key] = field.value }
        return dictionary
    }

    /// Messages as a JSON list of `{text, line, time}` objects.
    static func encode(_ messages: [RunMessage]) -> String {
        writer.string(
            from: .list(
                messages.map { message in
                    var fields = [Value.Field("text", .string(message.text))]
                    if let line = message.line { fields.append(Value.Field("line", .int(Int64(line)))) }
                    if let time = message.time { fields.append(Value.Field("time", .float(time))) }
                    return .object(fields)
                }))
    }

    /// The messages a JSON list column holds.
    static func decodeMessages(_ text: String) throws -> [RunMessage] {
        guard case .list(let items) = try parse(text, column: "messages") else {
            throw StoreError(.corrupt, "stored messages are not a JSON list")
        }
        return items.map { item in
            RunMessage(
                text: item["text"]?.stringValue ?? "",
                line: item["line"]?.numericValue.map { Int($0) },
                time: item["time"]?.numericValue)
        }
    }

    /// A list of strings as a JSON list.
    static func encode(_ strings: [String]) -> String {
        writer.string(from: .list(strings.map(Value.string)))
    }

    /// The strings a JSON list column holds.
    static func decodeStrings(_ text: String, column: String) throws -> [String] {
        guard case .list(let items) = try parse(text, column: column) else {
            throw StoreError(.corrupt, "stored \(column) is not a JSON list")
        }
        return items.compactMap(\.stringValue)
    }

    /// Any value as JSON (a study's configuration).
    static func encode(_ value: Value) -> String {
        writer.string(from: value)
    }

    /// The value a JSON column holds.
    static func decodeValue(_ text: String, column: String) throws -> Value {
        try parse(text, column: column)
    }

    /// Intermediate values as a JSON list of `[step, value]` pairs.
    static func encode(_ points: [IntermediateValue]) -> String {
        writer.string(from: .list(points.map { .list([.float($0.step), .float($0.value)]) }))
    }

    /// The intermediate values a JSON list column holds.
    static func decodeIntermediateValues(_ text: String) throws -> [IntermediateValue] {
        guard case .list(let items) = try parse(text, column: "trial.intermediate") else {
            throw StoreError(.corrupt, "stored trial.intermediate is not a JSON list")
        }
        return items.compactMap { item in
            guard case .list(let pair) = item, pair.count == 2, let step = pair[0].numericValue,
                let value = pair[1].numericValue
            else { return nil }
            return IntermediateValue(step: step, value: value)
        }
    }

    private static func parse(_ text: String, column: String) throws -> Value {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw StoreError(.corrupt, "stored \(column) is not valid JSON: \(error)")
        }
    }
}
