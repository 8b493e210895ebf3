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
}

extension JSONSink {
    package mutating func write(integer: Int64) { write(.int(integer)) }
    package mutating func write(number: Double) { write(.float(number)) }
    package mutating func write(string: String) { write(.string(string)) }
    package mutating func writeNull() { write(.null) }
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

    package mutating func key(_ key: String) {
        if objectHasFields[objectHasFields.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            objectHasFields[objectHasFields.count - 1] = true
        }
        if writer.pretty { JSONWriter.appendLineBreak(indent: indent, to: &bytes) }
        JSONWriter.appendQuoted(key, to: &bytes)
        bytes += writer.pretty ? ": ".utf8 : ":".utf8
    }

    package mutating func write(_ value: Value) { writer.write(value, indent: indent, into: &bytes) }
    package mutating func write(integer: Int64) { bytes += String(integer).utf8 }
    package mutating func write(number: Double) { bytes += writer.format(number).utf8 }
    package mutating func write(string: String) { JSONWriter.appendQuoted(string, to: &bytes) }
    package mutating func writeNull() { bytes += "null".utf8 }
}
