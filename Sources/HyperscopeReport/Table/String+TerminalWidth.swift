extension String {
    /// How many characters the string shows: its byte count when every byte is printable ASCII (one
    /// character each), else its characters counted, which is several times slower.
    var terminalWidth: Int {
        utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? utf8.count : count
    }

    /// The string padded with spaces on the right to `width` characters.
    func padding(to width: Int) -> String {
        let shown = terminalWidth
        return shown >= width ? self : self + String(repeating: " ", count: width - shown)
    }
}
