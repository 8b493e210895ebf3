import HyperscopeCore
import Testing

@Suite("JSON list streaming")
struct JSONListStreamingTests {
    static let elements: [Value] = [
        .object([Value.Field("id", .int(1)), Value.Field("params", .object([Value.Field("lr", .float(0.001))]))]),
        .list([.string("a \"quoted\" name"), .float(.nan), .bool(true)]),
        .null,
        .object([]),
    ]

    @Test(
        "element by element, in batches of any size written on every core, the text is the whole list's",
        arguments: [true, false])
    func sameText(pretty: Bool) {
        let writer = JSONWriter(pretty: pretty)
        // 10,000 elements make several batches of 4,096, each written in one piece per core.
        let many = (0..<10_000).map { Value.list([.int(Int64($0)), Self.elements[$0 % Self.elements.count]]) }
        for elements in [[], Array(Self.elements.prefix(1)), Self.elements, many] {
            for batch in [1, 3, 4_096] {
                var pieces: [String] = []
                writer.writeList(count: elements.count, batch: batch, writeElement: { $1.write(elements[$0]) }) {
                    pieces.append(String(decoding: $0, as: UTF8.self))
                }
                #expect(pieces.joined() == writer.string(from: .list(elements)), "\(elements.count) elements")
                if batch == 1 { #expect(pieces.count >= elements.count + 2) }
            }
        }
    }

    /// Writes one document to any sink: keys that need escaping, objects nested past the
    /// indentation the writer keeps ready, and numbers at the edges of their types.
    private static func writeEdgeDocument(to sink: inout some JSONSink) {
        sink.beginObject()
        for key in ["plain", "quote \" and \\ backslash", "tab\tnew\nline\u{1}", "", "naïve ключ"] {
            sink.key(key)
            sink.write(string: key)
        }
        let numbers: [Double] = [0, -0.0, 0.1, 1e300, -1e-320, 0.12345678901234566, .nan, .infinity, -.infinity]
        for (position, number) in numbers.enumerated() {
            sink.key("number \(position)")
            sink.write(number: number)
        }
        for (position, integer) in [Int64.min, -1, 0, 7, Int64.max].enumerated() {
            sink.key("integer \(position)")
            sink.write(integer: integer)
        }
        // 40 levels: deeper than the 32 whose indentation is written from one ready string.
        for depth in 0..<40 {
            sink.key("level \(depth)")
            sink.beginObject()
        }
        sink.key("deepest")
        sink.writeNull()
        for _ in 0..<40 { sink.endObject() }
        sink.endObject()
    }

    @Test("the text sink writes, key by key, what the writer writes of the same document", arguments: [true, false])
    func textSinkMatchesWriter(pretty: Bool) {
        let writer = JSONWriter(pretty: pretty, nonFiniteNumbers: .null)
        var builder = JSONValueBuilder()
        Self.writeEdgeDocument(to: &builder)
        var text = JSONTextSink(writer: writer)
        Self.writeEdgeDocument(to: &text)
        #expect(String(decoding: text.bytes, as: UTF8.self) == writer.string(from: builder.value))
        #expect(String(decoding: text.bytes, as: UTF8.self).contains(#""quote \" and \\ backslash""#))
        #expect(String(decoding: text.bytes, as: UTF8.self).contains("-9223372036854775808"))
    }
}
