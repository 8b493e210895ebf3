/// Receives a JSON document as it is made, field by field. One function that writes a document to
/// a sink gives both its ``Value`` (``JSONValueBuilder``) and its text (``JSONTextSink``), so a long
/// listing is written as text without building each element's value tree first, and the
/// document's shape is still spelled out once.
package protocol JSONSink {
    /// Starts an object: what is written up to the matching ``endObject()`` are its fields, each
    /// named by ``key(_:)`` first.
    mutating func beginObject()
    /// Ends the object started last.
    mutating func endObject()
    /// Names the next value written, a field of the object being written.
    mutating func key(_ key: String)
    /// Writes a value.
    mutating func write(_ value: Value)
    /// Writes an integer, as ``write(_:)`` writes `.int(integer)`.
    mutating func write(integer: Int64)
    /// Writes a float, as ``write(_:)`` writes `.float(number)`.
    mutating func write(number: Double)
    /// Writes a string, as ``write(_:)`` writes `.string(text)`.
    mutating func write(string: String)
    /// Writes `null`.
    mutating func writeNull()
    /// Writes the fields `row` has in `fields`, in column order, as ``key(_:)`` then ``write(_:)``
    /// would write each (a text sink copies each field's prepared text).
    mutating func writeFields(_ fields: JSONFieldColumns, row: Int)
}

extension JSONSink {
    package mutating func write(integer: Int64) { write(.int(integer)) }
    package mutating func write(number: Double) { write(.float(number)) }
    package mutating func write(string: String) { write(.string(string)) }
    package mutating func writeNull() { write(.null) }
    package mutating func writeFields(_ fields: JSONFieldColumns, row: Int) {
        let columnCount = fields.keys.count
        for column in 0..<columnCount {
            let code = Int(fields.rowCodes[row * columnCount + column])
            guard code >= 0 else { continue }
            key(fields.keys[column])
            write(fields.values[column][code])
        }
    }
}

/// A sink that builds the document's ``Value``.
package struct JSONValueBuilder: JSONSink {
    /// The objects begun and not yet ended, each with the key it goes under and its fields so far.
    private var open: [(key: String?, fields: [Value.Field])] = []
    private var pendingKey: String?
    /// The document written, once its outermost value is complete.
    package private(set) var value: Value = .null

    /// Creates an empty builder.
    package init() {}

    package mutating func beginObject() {
        open.append((pendingKey, []))
        pendingKey = nil
    }

    package mutating func endObject() {
        let (key, fields) = open.removeLast()
        pendingKey = key
        write(.object(fields))
    }

    package mutating func key(_ key: String) { pendingKey = key }

    package mutating func write(_ value: Value) {
        if open.isEmpty {
            self.value = value
        } else {
            open[open.count - 1].fields.append(Value.Field(pendingKey ?? "", value))
        }
        pendingKey = nil
    }
}

/// A sink that writes the document's JSON text as UTF-8 bytes, as ``JSONWriter/string(from:)``
/// writes its value: the same bytes, byte for byte.
package struct JSONTextSink: JSONSink {
    /// The text written so far.
    package var bytes: [UInt8] = []
    private let writer: JSONWriter
    /// The indentation of the value being written: that of the outermost value, plus one for each
    /// object begun and not ended.
    private var indent: Int
    /// Whether each object begun and not ended has a field yet, innermost last.
    private var objectHasFields: [Bool] = []

    /// A sink whose outermost value is written at `indent` (its fields one level deeper).
    package init(writer: JSONWriter, indent: Int = 0) {
        self.writer = writer
        self.indent = indent
    }

    package mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        objectHasFields.append(false)
        indent += 1
    }

    package mutating func endObject() {
        indent -= 1
        if objectHasFields.removeLast(), writer.pretty { JSONWriter.appendLineBreak(indent: indent, to: &bytes) }
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func writeFields(_ fields: JSONFieldColumns, row: Int) {
        let columnCount = fields.keys.count
        // The arrays read once a call: a listing writes dozens of parameters a run, and each
        // array read through `fields` at each field would be retained and released.
        let codes = fields.rowCodes
        let offsets = fields.offsets
        let bases = fields.bases
        let texts = fields.texts
        let copiesTexts = fields.areWritten(by: writer)
        for column in 0..<columnCount {
            let code = Int(codes[row * columnCount + column])
            guard code >= 0 else { continue }
            let start = offsets[bases[column] + code]
            let end = offsets[bases[column] + code + 1]
            guard copiesTexts, end > start else {
                key(fields.keys[column])
                write(fields.values[column][code])
                continue
            }
            if objectHasFields[objectHasFields.count - 1] { bytes.append(UInt8(ascii: ",")) }
            objectHasFields[objectHasFields.count - 1] = true
            if writer.pretty { JSONWriter.appendLineBreak(indent: indent, to: &bytes) }
            texts.withUnsafeBufferPointer { bytes += UnsafeBufferPointer(rebasing: $0[start..<end]) }
        }
    }

    package mutating func key(_ key: String) {
        let comma = objectHasFields[objectHasFields.count - 1]
        objectHasFields[objectHasFields.count - 1] = true
        var key = key
        let spaces = writer.pretty ? 2 * indent : 0
        let written: Bool = key.withUTF8 { text in
            // A key of plain characters (nearly every one) is put together on the stack and
            // appended at once: a listing writes dozens of keys a run, and each append costs.
            guard spaces < 64, !text.contains(where: JSONWriter.needsEscape) else { return false }
            let pretty = writer.pretty ? 1 : 0
            let size = (comma ? 1 : 0) + pretty * (1 + spaces) + text.count + 3 + pretty
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
                var position = buffer.baseAddress!
                func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                    position.update(from: bytes.baseAddress!, count: bytes.count)
                    position += bytes.count
                }
                if comma {
                    position.pointee = UInt8(ascii: ",")
                    position += 1
                }
                if pretty == 1 { put(JSONWriter.lineBreakBytes(indent: indent)) }
                position.pointee = UInt8(ascii: "\"")
                position += 1
                if !text.isEmpty { put(text) }
                position[0] = UInt8(ascii: "\"")
                position[1] = UInt8(ascii: ":")
                if pretty == 1 { position[2] = UInt8(ascii: " ") }
                bytes += UnsafeBufferPointer(start: buffer.baseAddress!, count: size)
            }
            return true
        }
        guard !written else { return }
        if comma { bytes.append(UInt8(ascii: ",")) }
        if writer.pretty { JSONWriter.appendLineBreak(indent: indent, to: &bytes) }
        JSONWriter.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if writer.pretty { bytes.append(UInt8(ascii: " ")) }
    }

    package mutating func write(_ value: Value) { writer.write(value, indent: indent, into: &bytes) }
    package mutating func write(integer: Int64) { NumberFormatting.appendInteger(integer, to: &bytes) }
    package mutating func write(number: Double) { writer.append(number, to: &bytes) }
    package mutating func write(string: String) { JSONWriter.appendQuoted(string, to: &bytes) }
    package mutating func writeNull() { JSONWriter.append("null", to: &bytes) }
}
