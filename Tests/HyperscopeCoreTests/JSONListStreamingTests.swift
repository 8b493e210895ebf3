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

    @Test("element by element, in pieces of any size, the text is the whole list's", arguments: [true, false])
    func sameText(pretty: Bool) {
        let writer = JSONWriter(pretty: pretty)
        for elements in [[], Array(Self.elements.prefix(1)), Self.elements] {
            for chunkBytes in [1, 16, 1 << 20] {
                var pieces: [String] = []
                writer.writeList(elements, chunkBytes: chunkBytes) { pieces.append($0) }
                #expect(pieces.joined() == writer.string(from: .list(elements)), "\(elements.count) elements")
                if chunkBytes == 1, elements.count > 1 { #expect(pieces.count > elements.count / 2) }
            }
        }
    }
}
