/// Numbers keys of two 64-bit words (a value's bits and its kind, a kernel's mean and bandwidth) in
/// order of first appearance, in an open-addressing table of one slot per key: where a dictionary
/// would hash every key with SipHash, which was a large share of building columns and estimators.
package struct BitsNumbering {
    /// A key, and its number (-1 in an empty slot): one slot is one read from memory.
    private struct Slot {
        var first: UInt64 = 0
        var second: UInt64 = 0
        var number: Int32 = -1
    }

    private var slots: [Slot] = []
    /// How many keys are numbered.
    package private(set) var count = 0

    /// An empty numbering, with room for `capacity` keys before it grows.
    package init(capacity: Int = 0) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
    }

    /// The key's number, or the next one (``count`` before the call) for a key not seen before.
    package mutating func number(of first: UInt64, _ second: UInt64) -> (number: Int32, isNew: Bool) {
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Self.slot(first, second, mask)
        while slots[slot].number >= 0 {
            if slots[slot].first == first, slots[slot].second == second { return (slots[slot].number, false) }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(first: first, second: second, number: Int32(count))
        count += 1
        return (Int32(count - 1), true)
    }

    /// The slot a key is looked for first, in a table of `mask + 1` slots: every bit of the key
    /// stirred into every bit of the slot (MurmurHash3's 64-bit finaliser), since keys often differ
    /// only in their high bits (the doubles 1.0, 2.0, 3.0, … differ in none of their low 40).
    package static func slot(_ first: UInt64, _ second: UInt64, _ mask: Int) -> Int {
        var mixed = first ^ second &* 0xC2B2_AE3D_27D4_EB4F
        mixed = (mixed ^ mixed >> 33) &* 0xFF51_AFD7_ED55_8CCD
        mixed = (mixed ^ mixed >> 33) &* 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return Int(truncatingIfNeeded: mixed & UInt64(mask))
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry.number >= 0 {
            var slot = Self.slot(entry.first, entry.second, mask)
            while slots[slot].number >= 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
