import HyperscopeCore
import SystemLibC

/// A scalar field value of a flat JSON object, handed over without allocating.
enum FlatScalar {
    /// A number, NaN and the infinities included.
    case number(Double)
    /// A string without escapes: its raw bytes, valid while the line is.
    case string(UnsafeRawBufferPointer)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

/// Steps through a flat JSON object — scalar values only, keys and strings without escapes,
/// numbers short enough to read exactly in one loop — for the metrics-line hot path.
///
/// Anything else (nested values, escapes, long numbers, invalid JSON) makes a step return `nil`
/// or ``Step/invalid``, and the caller hands the line to ``JSONParser``, which reads every case
/// and reports errors with their column. Living in the module that uses it, every step inlines.
struct FlatObjectScanner {
    /// What the next step of the object is.
    enum Step {
        /// A field: its key's bytes; read its value with ``scalar()``.
        case field(UnsafeRawBufferPointer)
        /// The closing brace, with only white space after it.
        case end
        /// Not a flat object.
        case invalid
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    private var expectsSeparator = false

    /// Starts at the beginning of a line.
    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
    }

    /// Consumes the opening brace; `false` if the line does not start with one.
    @inline(__always)
    mutating func start() -> Bool {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "{") else { return false }
        position += 1
        return true
    }

    /// The next key, the end of the object, or `invalid`.
    @inline(__always)
    mutating func nextKey() -> Step {
        skipWhitespace()
        guard position < end else { return .invalid }
        if base[position] == UInt8(ascii: "}") {
            position += 1
            skipWhitespace()
            return position == end ? .end : .invalid
        }
        if expectsSeparator {
            guard base[position] == UInt8(ascii: ",") else { return .invalid }
            position += 1
            skipWhitespace()
        }
        guard let key = plainString(asciiOnly: true) else { return .invalid }
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: ":") else { return .invalid }
        position += 1
        skipWhitespace()
        expectsSeparator = true
        return .field(key)
    }

    /// Steps to the next field when its key is exactly `quotedKey` (the key's bytes between their
    /// two quotes, as stored by the caller): a log writes its keys in the same order on every line,
    /// so the caller can compare the key it expects instead of scanning one. `false` leaves the
    /// position unchanged, for ``nextKey()``.
    @inline(__always)
    mutating func nextKey(matching quotedKey: UnsafeRawBufferPointer) -> Bool {
        var index = position
        skipWhitespace(from: &index)
        if expectsSeparator {
            guard index < end, base[index] == UInt8(ascii: ",") else { return false }
            index += 1
            skipWhitespace(from: &index)
        }
        let length = quotedKey.count
        guard index + length < end, memcmp(base + index, quotedKey.baseAddress!, length) == 0 else { return false }
        index += length
        skipWhitespace(from: &index)
        guard index < end, base[index] == UInt8(ascii: ":") else { return false }
        index += 1
        skipWhitespace(from: &index)
        position = index
        expectsSeparator = true
        return true
    }

    /// The value of the field just stepped to, or `nil` when it is not a simple scalar.
    @inline(__always)
    mutating func scalar() -> FlatScalar? {
        guard position < end else { return nil }
        switch base[position] {
        case UInt8(ascii: "\""): return plainString(asciiOnly: false).map(FlatScalar.string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return quickNumber().map(FlatScalar.number)
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        case UInt8(ascii: "N"): return word("NaN") ? .number(.nan) : nil
        case UInt8(ascii: "I"): return word("Infinity") ? .number(.infinity) : nil
        default: return nil
        }
    }

    /// Reads a number that the fast paths convert (``DecimalNumberScan/double``); the rare others, and
    /// numbers beyond the doubles' range, give `nil`.
    @inline(__always)
    private mutating func quickNumber() -> Double? {
        let scan = DecimalNumberScan(base, from: position, end: end)
        guard let value = scan.double, value.isFinite else { return nil }
        position = scan.end
        return value
    }

    /// A string without escapes or control characters; with `asciiOnly`, without bytes ≥ 0x80 too
    /// (others must be valid UTF-8).
    @inline(__always)
    private mutating func plainString(asciiOnly: Bool) -> UnsafeRawBufferPointer? {
        guard position < end, base[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var index = start
        var sawHighByte = false
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 {
                if asciiOnly { return nil }
                sawHighByte = true
            }
            index += 1
        }
        guard index < end else { return nil }
        let text = UnsafeRawBufferPointer(start: base + start, count: index - start)
        if sawHighByte, String(validating: text.bindMemory(to: UInt8.self), as: UTF8.self) == nil { return nil }
        position = index + 1
        return text
    }

    @inline(__always)
    private mutating func word(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= end else { return false }
        for offset in 0..<length where base[position + offset] != text.utf8Start[offset] { return false }
        position += length
        return true
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        skipWhitespace(from: &position)
    }

    @inline(__always)
    private func skipWhitespace(from index: inout Int) {
        while index < end {
            switch base[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
