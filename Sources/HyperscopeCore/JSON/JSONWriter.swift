/// Writes ``Value``s as JSON text.
///
/// Two choices matter: indentation for people versus compact lines for machines, and what to do
/// with NaN and the infinities, which strict JSON cannot hold. Storage writes them as Python's
/// `NaN`/`Infinity` literals, which ``JSONParser`` reads back; command output writes `null` so that
/// every JSON consumer accepts it.
public struct JSONWriter: Sendable {
    /// How NaN and the infinities are written.
    public enum NonFiniteNumbers: Sendable {
        /// `NaN`, `Infinity`, `-Infinity`, as Python's `json` module writes them.
        case literals
        /// `null`, which strict JSON parsers accept.
        case null
    }

    /// Whether to break lines and indent nested values by two spaces.
    public var pretty: Bool
    /// How NaN and the infinities are written.
    public var nonFiniteNumbers: NonFiniteNumbers

    /// Creates a writer.
    public init(pretty: Bool = false, nonFiniteNumbers: NonFiniteNumbers = .null) {
        self.pretty = pretty
        self.nonFiniteNumbers = nonFiniteNumbers
    }

    /// Returns the JSON text of a value.
    ///
    /// - Complexity: O(*n*) in the size of the value.
    public func string(from value: Value) -> String {
        var output: [UInt8] = []
        write(value, indent: 0, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes the JSON text of a list of `count` elements, each written to a text sink by
    /// `writeElement(position, sink)`, handing `sink` pieces in order: the same text as
    /// ``string(from:)`` of the whole list, without building the whole list, its values or the
    /// whole text, so a long listing streams in bounded memory. The elements are written `batch` at
    /// a time, each batch in one piece per core.
    package func writeList(
        count: Int, batch: Int = 4_096, writeElement: @Sendable (Int, inout JSONTextSink) -> Void,
        to sink: TextSink
    ) rethrows {
        try "[".write(to: sink)
        for batchStart in stride(from: 0, to: count, by: batch) {
            let pieces = concurrentPieces(of: min(batch, count - batchStart), minimumPiece: 256) { range in
                var text = JSONTextSink(writer: self, indent: 1)
                for position in range.lazy.map({ batchStart + $0 }) {
                    if position > 0 { text.bytes.append(UInt8(ascii: ",")) }
                    if pretty { Self.appendLineBreak(indent: 1, to: &text.bytes) }
                    writeElement(position, &text)
                    // Room for the rest at the first element's size and a fifth more: growing
                    // the bytes by doubling copied them, and touched new pages, again and again.
                    if position == batchStart + range.lowerBound {
                        text.bytes.reserveCapacity(text.bytes.count * range.count * 6 / 5)
                    }
                }
                return text.bytes
            }
            for piece in pieces { try piece.write(to: sink) }
        }
        try (pretty && count > 0 ? "\n]" : "]").write(to: sink)
    }

    /// Writes the text of a value as UTF-8 bytes: appending a string's bytes copies them at once,
    /// where appending strings to a string goes through its slower general path.
    func write(_ value: Value, indent: Int, into output: inout [UInt8]) {
        switch value {
        case .null: Self.append("null", to: &output)
        case .bool(let flag): Self.append(flag ? "true" : "false", to: &output)
        case .int(let integer): NumberFormatting.appendInteger(integer, to: &output)
        case .float(let number): append(number, to: &output)
        case .string(let text): JSONWriter.appendQuoted(text, to: &output)
        case .list(let items):
            writeContainer(open: "[", close: "]", count: items.count, indent: indent, into: &output) { index, output in
                write(items[index], indent: indent + 1, into: &output)
            }
        case .object(let fields):
            writeContainer(open: "{", close: "}", count: fields.count, indent: indent, into: &output) { index, output in
                JSONWriter.appendQuoted(fields[index].key, to: &output)
                output += pretty ? ": ".utf8 : ":".utf8
                write(fields[index].value, indent: indent + 1, into: &output)
            }
        }
    }

    private func writeContainer(
        open: Unicode.Scalar, close: Unicode.Scalar, count: Int, indent: Int, into output: inout [UInt8],
        element: (Int, inout [UInt8]) -> Void
    ) {
        output.append(UInt8(ascii: open))
        guard count > 0 else {
            output.append(UInt8(ascii: close))
            return
        }
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if pretty { Self.appendLineBreak(indent: indent + 1, to: &output) }
            element(index, &output)
        }
        if pretty { Self.appendLineBreak(indent: indent, to: &output) }
        output.append(UInt8(ascii: close))
    }

    /// Appends a line break followed by `indent` levels of two spaces.
    static func appendLineBreak(indent: Int, to output: inout [UInt8]) {
        // From a static string's bytes: a shared array of the usual indentations, retained and
        // released at every line by every core writing, made its reference count the costliest
        // thing in writing a long listing.
        let spaces = 2 * indent
        if spaces < lineBreak.utf8CodeUnitCount {
            output += lineBreakBytes(indent: indent)
        } else {
            output.append(UInt8(ascii: "\n"))
            output += repeatElement(UInt8(ascii: " "), count: spaces)
        }
    }

    /// A line break and `indent` levels of two spaces, for fewer than 32 levels.
    static func lineBreakBytes(indent: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: lineBreak.utf8Start, count: 1 + 2 * indent)
    }

    /// A line break and the indentation of up to 32 levels (64 spaces).
    private static let lineBreak: StaticString = "\n                                                                "

    /// Appends ``format(_:)``'s text of `number` to `output`, a finite number's digits written
    /// straight into it (its `description` would be a string of its own, allocated past 15 bytes).
    func append(_ number: Double, to output: inout [UInt8]) {
        guard number.isFinite else {
            output += format(number).utf8
            return
        }
        var stream = ByteStream(bytes: [])
        swap(&stream.bytes, &output)
        number.write(to: &stream)
        swap(&stream.bytes, &output)
    }

    /// Appends the bytes of a literal to `output`.
    static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output += UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    /// Text output that appends to bytes: a number writes its digits through ``_writeASCII(_:)``
    /// from its own buffer, with no string made between.
    private struct ByteStream: TextOutputStream {
        var bytes: [UInt8]
        mutating func write(_ string: String) { bytes += string.utf8 }
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes += buffer }
    }

    /// A float's text: its shortest form, or NaN and the infinities as ``nonFiniteNumbers`` says.
    func format(_ number: Double) -> String {
        // `description` itself: an interpolation would look up the number's conformances first.
        if number.isFinite { return number.description }
        switch nonFiniteNumbers {
        case .null: return "null"
        case .literals: return Value.formatFloat(number)
        }
    }

    /// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    ///
    /// - Complexity: O(*n*) in the length of `text`, amortised over the output.
    public static func appendQuoted(_ text: String, to output: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a byte of a string is escaped in JSON: a quote, a backslash or a control character.
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// Appends `text` as a quoted JSON string to UTF-8 bytes: its bytes as they are, but for quotes,
    /// backslashes and control characters (below U+0020), which are escaped.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var pendingStart = 0
            for (index, byte) in bytes.enumerated() where needsEscape(byte) {
                output += UnsafeBufferPointer(rebasing: bytes[pendingStart..<index])
                switch byte {
                case 0x22: output += "\\\"".utf8
                case 0x5C: output += "\\\\".utf8
                case 0x0A: output += "\\n".utf8
                case 0x0D: output += "\\r".utf8
                case 0x09: output += "\\t".utf8
                default: output += ("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)).utf8
                }
                pendingStart = index + 1
            }
            output += UnsafeBufferPointer(rebasing: bytes[pendingStart..<bytes.count])
        }
        output.append(UInt8(ascii: "\""))
    }
}
