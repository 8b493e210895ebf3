import HyperscopeCore

/// Display names for parameters and their values, from `hyperscope.yaml` (`model.weights` → `Init`,
/// `null` → `random`); tables show them, JSON keeps the raw keys beside them.
public struct DisplayNames: Sendable, Hashable {
    /// Display names by parameter key.
    public var parameters: [String: String]
    /// Display texts by parameter key, then by the value's text (`null`, `0.001`).
    public var values: [String: [String: String]]

    /// Creates a mapping; empty by default (everything shown as is).
    public init(parameters: [String: String] = [:], values: [String: [String: String]] = [:]) {
        self.parameters = parameters
        self.values = values
    }

    /// The name a parameter is shown by.
    public func name(of key: String) -> String {
        parameters[key] ?? key
    }

    /// The text a value of a parameter is shown as (`nil` means the run lacks the parameter). A
    /// numeric value also matches a key that reads as the same number (`1e-3` for `0.001`). A
    /// float without a display name is written in full, or to `digits` significant digits when given.
    public func value(_ value: Value?, of key: String, digits: Int? = nil) -> String {
        guard let value else { return "–" }
        // Most tables have no display names: the value's full text is then made only when shown.
        if !values.isEmpty {
            let text = value.displayText
            for table in [values[key], values["*"]].compactMap({ $0 }) {
                if let shown = table[text] { return shown }
                if let number = value.numericValue, let match = table.first(where: { Double($0.key) == number }) {
                    return match.value
                }
            }
        }
        return digits.map { value.shortText(digits: $0) } ?? value.displayText
    }
}
