extension String {
    /// How many characters the string shows: its byte count when every byte is printable ASCII (one
    /// character each), else its characters counted, which is several times slower.
    var terminalWidth: Int {
        printableASCIICount ?? count
    }

    /// The byte count when every byte is printable ASCII (then it is also the characters shown and
    /// there is no control character), else `nil`: read from the bytes in place where they lie
    /// together, as they do in every native string.
    var printableASCIICount: Int? {
        let printable = { (byte: UInt8) in byte >= 0x20 && byte < 0x7F }
        let all = utf8.withContiguousStorageIfAvailable { $0.allSatisfy(printable) } ?? utf8.allSatisfy(printable)
        return all ? utf8.count : nil
    }

    /// The string padded with spaces on the right to `width` characters.
    func padding(to width: Int) -> String {
        let shown = terminalWidth
        return shown >= width ? self : self + String(repeating: " ", count: width - shown)
    }
}
