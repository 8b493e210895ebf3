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
                    pieces.append($0)
                }
                #expect(pieces.joined() == writer.string(from: .list(elements)), "\(elements.count) elements")
                if batch == 1 { #expect(pieces.count >= elements.count + 2) }
            }
        }
    }
}
