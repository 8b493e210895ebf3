import SystemLibC

/// Whether output may use ANSI colour, and the helpers that apply it.
///
/// Colour is used only on a terminal, never when `NO_COLOR` is set or `TERM` is `dumb`.
public struct TerminalStyle: Sendable, Hashable {
    /// Whether ANSI escapes are written.
    public var usesColour: Bool

    /// No escapes: for files, pipes and tests.
    public static let plain = TerminalStyle(usesColour: false)

    /// Creates a style.
    public init(usesColour: Bool) {
        self.usesColour = usesColour
    }

    /// The style for a file descriptor: colour when it is a terminal and the environment allows.
    public static func forDescriptor(_ descriptor: Int32) -> TerminalStyle {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        let allowed = isatty(descriptor) != 0 && getenv("NO_COLOR") == nil && term != "dumb"
        return TerminalStyle(usesColour: allowed)
    }

    /// Bold text.
    public func bold(_ text: String) -> String { wrap(text, "1") }
    /// Dim text, for less important figures such as low-confidence values.
    public func dim(_ text: String) -> String { wrap(text, "2") }
    /// Green text, for good news (completed runs).
    public func green(_ text: String) -> String { wrap(text, "32") }
    /// Yellow text, for warnings (incomplete runs, problems).
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    /// Red text, for failures.
    public func red(_ text: String) -> String { wrap(text, "31") }

    /// The escapes around dim text (empty without colour), for text written as bytes.
    package var dimEscapes: (start: String, end: String) { escapes("2") }

    private func escapes(_ code: String) -> (start: String, end: String) {
        usesColour ? ("\u{1B}[\(code)m", "\u{1B}[0m") : ("", "")
    }

    private func wrap(_ text: String, _ code: String) -> String {
        guard !text.isEmpty else { return text }
        let (start, end) = escapes(code)
        return start + text + end
    }
}
