import HyperscopeCore
import SystemLibC

/// A field value of a flat JSON object: scalars handed over without allocating.
enum FlatFieldValue {
    /// A number, NaN and the infinities included.
    case number(Double)
    /// A string without escapes: its raw bytes, valid while the line is.
    case string(UnsafeRawBufferPointer)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A list, stepped over (nested values never become curve points).
    case list
    /// The start of an object, not yet read: step into it (``FlatObjectScanner/enterObject()``) or
    /// over it (``FlatObjectScanner/skipObject()``).
    case objectStart
}

/// Steps through a JSON object — keys and strings without escapes, numbers short enough to read
/// exactly in one loop, nested objects stepped into or over, lists of such values stepped over — for
/// the metrics-line hot path.
///
/// Anything else (escapes, long numbers, invalid JSON) makes a step return `nil` or
/// ``Step/invalid``, and the caller hands the line to ``JSONParser``, which reads every case and
/// reports errors with their column. Living in the module that uses it, every step inlines.
struct FlatObjectScanner {
    /// What the next step of the object is.
    enum Step {
        /// A field: its key's bytes; read its value with ``value()``.
        case field(UnsafeRawBufferPointer)
        /// The closing brace of the object stepped into (``enterObject()``), or of the line's object
        /// with only white space after it.
        case end
        /// Not a flat object.
        case invalid
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    private var expectsSeparator = false
    /// How many objects within the line's the scanner has stepped into.
    private var depth = 0

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
            if depth > 0 {
                depth -= 1
                expectsSeparator = true
                return .end
            }
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

    /// Steps into the object whose start ``value()`` gave: its fields follow, then ``Step/end``.
    /// `false` past ``maximumDepth`` levels.
    mutating func enterObject() -> Bool {
        guard depth + 1 < Self.maximumDepth else { return false }
        position += 1
        depth += 1
        expectsSeparator = false
        return true
    }

    /// The value of the field just stepped to, or `nil` when the fast path does not read it.
    @inline(__always)
    mutating func value() -> FlatFieldValue? {
        guard position < end else { return nil }
        switch base[position] {
        case UInt8(ascii: "\""): return plainString(asciiOnly: false).map(FlatFieldValue.string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return quickNumber().map(FlatFieldValue.number)
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        case UInt8(ascii: "N"): return word("NaN") ? .number(.nan) : nil
        case UInt8(ascii: "I"): return word("Infinity") ? .number(.infinity) : nil
        case UInt8(ascii: "{"): return .objectStart
        case UInt8(ascii: "["): return skipContainer(depth: 1) ? .list : nil
        default: return nil
        }
    }

    /// Steps over the object whose start ``value()`` gave; `false` when the fast path does not read
    /// it.
    mutating func skipObject() -> Bool {
        skipContainer(depth: depth + 1)
    }

    /// The deepest nesting read or stepped over; deeper values go to the full parser.
    private static let maximumDepth = 16

    /// Steps over the list or object at the position, checking its syntax as ``JSONParser`` would
    /// and building nothing; `false` (the position then undefined) for anything the fast path does
    /// not read, such as an escape or a long number: the whole line then goes to the full parser.
    /// Out of line, so that ``value()`` stays inlined.
    @inline(never)
    private mutating func skipContainer(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        let isObject = base[position] == UInt8(ascii: "{")
        let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        position += 1
        skipWhitespace()
        if position < end, base[position] == closing {
            position += 1
            return true
        }
        while true {
            if isObject {
                guard plainString(asciiOnly: false) != nil else { return false }
                skipWhitespace()
                guard position < end, base[position] == UInt8(ascii: ":") else { return false }
                position += 1
                skipWhitespace()
            }
            guard position < end else { return false }
            switch base[position] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard skipContainer(depth: depth + 1) else { return false }
            default:
                guard value() != nil else { return false }
            }
            skipWhitespace()
            guard position < end else { return false }
            if base[position] == closing {
                position += 1
                return true
            }
            guard base[position] == UInt8(ascii: ",") else { return false }
            position += 1
            skipWhitespace()
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
