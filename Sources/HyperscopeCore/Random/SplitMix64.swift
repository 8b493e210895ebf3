/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast generator whose whole stream is fixed by
/// its seed, for reproducible resampling, sampling and randomized tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` seeds drawn in order from a generator seeded with `seed`: one each for work shared
    /// out over the cores (a forest's trees, a bootstrap's chunks), so the whole result depends on
    /// `seed` alone and not on which core ran what.
    public static func seeds(_ count: Int, from seed: UInt64) -> [UInt64] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }
}
