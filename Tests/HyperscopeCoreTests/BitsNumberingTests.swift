import HyperscopeCore
import Testing

@Suite("Numbering keys by their bits")
struct BitsNumberingTests {
    @Test("keys number in order of first appearance, each key once")
    func numbersInOrderOfAppearance() {
        var numbering = BitsNumbering()
        let keys: [(UInt64, UInt64)] = (0..<5_000).map { (UInt64($0 % 1_700), UInt64($0 % 3)) }
        var expected: [String: Int32] = [:]
        for (first, second) in keys {
            let name = "\(first)/\(second)"
            let (number, isNew) = numbering.number(of: first, second)
            #expect(isNew == (expected[name] == nil))
            if expected[name] == nil { expected[name] = Int32(expected.count) }
            #expect(number == expected[name])
        }
        #expect(numbering.count == expected.count)
    }

    /// Keys that differ only in their high bits, as whole numbers written as doubles do, or in a
    /// regular step, must still spread over the table: the first slots of 100,000 such keys in
    /// 262,144 slots should be about as many distinct slots as random keys give (83,100). The
    /// earlier hash put 100,000 whole-number doubles in 8,192 first slots (12 probes a key).
    @Test(
        "whole-number doubles, a regular step of doubles and small integers spread over the table",
        arguments: ["whole-number doubles", "steps of 0.001", "integers"])
    func keysSpread(family: String) {
        let keys: [(UInt64, UInt64)] = (0..<100_000).map { index in
            switch family {
            case "whole-number doubles": (Double(index).bitPattern, 1)
            case "steps of 0.001": ((Double(index) * 0.001 + 1e-7).bitPattern, 1)
            default: (UInt64(index), 0)
            }
        }
        let firstSlots = Set(keys.map { BitsNumbering.slot($0.0, $0.1, 262_143) })
        #expect(firstSlots.count > 80_000, "\(firstSlots.count) distinct first slots")
    }
}
