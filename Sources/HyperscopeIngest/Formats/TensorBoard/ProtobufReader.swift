/// Reads the fields of a protocol buffer message in wire format, the little of it TensorBoard's
/// event files need: varints, fixed 32- and 64-bit values and length-delimited bytes, with every
/// length checked against the message's end.
struct ProtobufReader {
    /// How a field's value is laid out.
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// A reader of the message `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The next field's number and wire type; `nil` at the end of the message or when what follows
    /// is not a field (a group, a damaged message).
    mutating func nextField() -> (number: UInt64, wireType: WireType)? {
        guard position < bytes.endIndex, let key = varint(), let wireType = WireType(rawValue: key & 7) else {
            return nil
        }
        return (key >> 3, wireType)
    }

    /// A varint; `nil` past the end or longer than ten bytes.
    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Eight little-endian bytes.
    mutating func fixed64() -> UInt64? {
        littleEndian(UInt64.self)
    }

    /// Four little-endian bytes.
    mutating func fixed32() -> UInt32? {
        littleEndian(UInt32.self)
    }

    /// An unsigned integer of `Integer`'s width, little-endian; `nil` past the end.
    private mutating func littleEndian<Integer: FixedWidthInteger & UnsignedInteger>(_: Integer.Type) -> Integer? {
        let count = Integer.bitWidth / 8
        guard bytes.endIndex - position >= count else { return nil }
        var value: Integer = 0
        for offset in 0..<count { value |= Integer(bytes[position + offset]) << (8 * offset) }
        position += count
        return value
    }

    /// A length-delimited value's bytes.
    mutating func lengthDelimited() -> ArraySlice<UInt8>? {
        guard let length = varint(), length <= UInt64(bytes.endIndex - position) else { return nil }
        let start = position
        position += Int(length)
        return bytes[start..<position]
    }

    /// Steps over a value of `wireType`; `false` when it runs past the end.
    mutating func skip(_ wireType: WireType) -> Bool {
        switch wireType {
        case .varint: varint() != nil
        case .fixed64: fixed64() != nil
        case .fixed32: fixed32() != nil
        case .lengthDelimited: lengthDelimited() != nil
        }
    }
}
