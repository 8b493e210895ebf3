import SystemLibC

/// A byte-level JSON parser for the ingestion hot path.
///
/// Foundation's decoders read only about 15 MB/s on Linux, so Hyperscope parses JSON itself: one pass
/// over the bytes, no intermediate tokens, integers and short decimals converted without
/// allocation (Clinger's exact fast path, then Eisel–Lemire's, falling back to `strtod` for the rare
/// numbers they leave open), and strings without escapes
/// copied straight from the input. Beyond RFC 8259 it reads `NaN`, `Infinity` and `-Infinity`, as
/// Python's `json` module writes them. Control characters inside strings, invalid UTF-8 and nesting
/// deeper than ``maximumDepth`` are errors that name the column.
public struct JSONParser: ~Copyable {
    /// The deepest nesting of lists and objects accepted, so hostile input cannot exhaust the stack.
    public static let maximumDepth = 512

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
    }

    /// Parses one complete JSON document; only white space may follow it.
    ///
    /// - Parameter bytes: UTF-8 text.
    /// - Returns: The document's value.
    /// - Throws: ``JSONSyntaxError`` naming the column where the text stops being valid JSON.
    /// - Complexity: O(*n*) in the length of the text.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Value {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        guard parser.position < parser.end else {
            throw JSONSyntaxError(column: 1, reason: "empty document, expected a JSON value")
        }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < parser.end {
            throw parser.error("unexpected \(parser.describeCurrentByte()) after the JSON value")
        }
        return value
    }

    /// Parses a JSON document held in a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> Value {
        var copy = text
        let result: Result<Value, JSONSyntaxError> = copy.withUTF8 { buffer in
            do throws(JSONSyntaxError) {
                return .success(try parse(UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a JSON document held in a byte array.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> Value {
        let result: Result<Value, JSONSyntaxError> = bytes.withUnsafeBytes { buffer in
            do throws(JSONSyntaxError) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> Value {
        guard position < end else { throw error("unexpected end of text, expected a value") }
        switch base[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseList()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "N"):
            try expectWord("NaN")
            return .float(.nan)
        case UInt8(ascii: "I"):
            try expectWord("Infinity")
            return .float(.infinity)
        default: throw error("unexpected \(describeCurrentByte()), expected a value")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> Value {
        try enterContainer()
        position += 1
        var fields: [Value.Field] = []
        skipWhitespace()
        if position < end, base[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard position < end, base[position] == UInt8(ascii: "\"") else {
                throw error(
                    position < end
                        ? "expected a field name in quotes, found \(describeCurrentByte())"
                        : "unexpected end of text inside an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < end, base[position] == UInt8(ascii: ":") else {
                throw error(
                    position < end
                        ? "expected ':' after field name \"\(key)\"" : "unexpected end of text inside an object")
            }
            position += 1
            skipWhitespace()
            fields.append(Value.Field(key, try parseValue()))
            skipWhitespace()
            guard position < end else { throw error("unexpected end of text inside an object") }
            let byte = base[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            position -= 1
            throw error("expected ',' or '}' after field \"\(key)\", found \(describeCurrentByte())")
        }
        depth -= 1
        return .object(fields)
    }

    private mutating func parseList() throws(JSONSyntaxError) -> Value {
        try enterContainer()
        position += 1
        var items: [Value] = []
        skipWhitespace()
        if position < end, base[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .list(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard position < end else { throw error("unexpected end of text inside a list") }
            let byte = base[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            position -= 1
            throw error("expected ',' or ']' in a list, found \(describeCurrentByte())")
        }
        depth -= 1
        return .list(items)
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        var asciiOnly = true
        while position < end {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let text = try makeString(from: start, to: position, asciiOnly: asciiOnly)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 { throw error("control character 0x\(hex(byte)) inside a string") }
            if byte >= 0x80 { asciiOnly = false }
            position += 1
        }
        throw JSONSyntaxError(column: start, reason: "unterminated string")
    }

    private func makeString(from start: Int, to stop: Int, asciiOnly: Bool) throws(JSONSyntaxError) -> String {
        let bytes = UnsafeBufferPointer(start: base + start, count: stop - start)
        if asciiOnly { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONSyntaxError(column: start + 1, reason: "invalid UTF-8 inside a string")
        }
        return text
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var buffer = Array(UnsafeBufferPointer(start: base + start, count: position - start))
        while position < end {
            let byte = base[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw JSONSyntaxError(column: start + 1, reason: "invalid UTF-8 inside a string")
                }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                guard position < end else { break }
                try appendEscape(into: &buffer)
            case 0..<0x20:
                throw error("control character 0x\(hex(byte)) inside a string")
            default:
                buffer.append(byte)
                position += 1
            }
        }
        throw JSONSyntaxError(column: start, reason: "unterminated string")
    }

    private mutating func appendEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let byte = base[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                guard position + 1 < end, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u")
                else {
                    throw error("lone UTF-16 surrogate in a \\u escape")
                }
                position += 2
                let low = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error("invalid UTF-16 surrogate pair in a \\u escape")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("lone UTF-16 surrogate in a \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
            buffer.append(contentsOf: UTF8.encode(unicode)!)
        default:
            position -= 1
            throw error("invalid escape '\\\(describeCurrentByte())' inside a string")
        }
    }

    private mutating func parseHexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= end else { throw error("incomplete \\u escape") }
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape")
            }
            scalar = scalar << 4 | UInt32(digit)
            position += 1
        }
        return scalar
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> Value {
        let start = position
        if base[position] == UInt8(ascii: "-"), position + 1 < end, base[position + 1] == UInt8(ascii: "I") {
            position += 1
            try expectWord("Infinity")
            return .float(-.infinity)
        }
        let scan = DecimalNumberScan(base, from: start, end: end)
        position = scan.end
        switch scan.problem {
        case .expectedDigit?: throw error("expected a digit in a number")
        case .leadingZero?: throw error("leading zero in a number")
        case .expectedFractionDigit?: throw error("expected a digit after the decimal point")
        case .expectedExponentDigit?: throw error("expected a digit in the exponent")
        case nil: break
        }
        if scan.isInteger, scan.significantDigits <= 18 {
            let magnitude = Int64(scan.mantissa)
            return .int(scan.negative ? -magnitude : magnitude)
        }
        // The number's text only where it is needed: full-precision floats are the common case here.
        let (textStart, textCount) = (base + start, position - start)
        let text = { String(decoding: UnsafeBufferPointer(start: textStart, count: textCount), as: UTF8.self) }
        if scan.isInteger {
            // 19 digits or more: exact when it fits in 64 bits, an error (never a rounded float) when not.
            if let integer = Int64(text()) { return .int(integer) }
            throw error("the integer \(text()) does not fit in 64 bits; write it as a string to keep it exactly")
        }
        let number = scan.double ?? slowParseDouble(from: start, to: position)
        guard number.isFinite else {
            throw error(
                "the number \(text()) is beyond the range of a 64-bit float; write Infinity if that is what it means")
        }
        return .float(number)
    }

    private func slowParseDouble(from start: Int, to stop: Int) -> Double {
        var text = Array(UnsafeBufferPointer(start: base + start, count: stop - start))
        text.append(0)
        return text.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { strtod($0, nil) }
        }
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard position + length <= end, memcmp(base + position, word.utf8Start, length) == 0 else {
            throw error("unexpected \(describeCurrentByte()), expected a value")
        }
        position += length
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(column: position + 1, reason: reason)
    }

    private func describeCurrentByte() -> String {
        guard position < end else { return "end of text" }
        let byte = base[position]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(byte))"
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
