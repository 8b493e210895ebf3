/// Which components of a mixture can still matter to each configuration's log density, found for a
/// block of components before their terms are summed.
///
/// The density is a log-sum-exp over the components' totals that skips every total 40 or more
/// below the largest. Once a configuration has a complete total from an earlier block, each
/// component of the next block starts from an upper bound on its total (its weight plus each
/// kernel's largest possible term); the kernels that tell components apart best are then put in
/// one at a time, each replacing its bound by its term. A component whose bound falls more than 40
/// (and a margin for rounding) below the best total can be neither the largest nor a term the sum
/// adds: it is dropped and its total counts as −∞. The survivors are then summed exactly as before,
/// every kernel in order, so every density is the same to the bit.
final class ComponentPruning {
    /// How far below the best total a component's bound must fall to be dropped: the log-sum-exp's
    /// 40 and a margin far larger than any rounding in sums of this size.
    private static let reach = 41.0
    /// A configuration keeps a list of its survivors once at most this share of a block survives.
    private static let listShare = 4

    private enum State {
        /// Every component is summed.
        case whole
        /// Bounds are being tightened over the whole block; `passes` kernels put in so far.
        case bounding(passes: Int)
        /// Bounds are being tightened over the listed survivors.
        case boundingSurvivors
        /// Only the listed survivors are summed.
        case survivors
    }

    private let capacity: Int
    /// How many kernels a configuration puts into its bounds over a whole block before it gives up
    /// on the block (too many components still close to its best) and sums all of it: half the
    /// kernels, so that a block where nothing can be dropped costs at most half as much again.
    private let wholeBlockPasses: Int
    /// Per configuration, the largest complete total of the blocks done (−∞ before the first ends).
    private var best: [Double]
    private var states: [State]
    /// Per configuration, room for `capacity` bounds, by position in the block.
    private let bounds: UnsafeMutablePointer<Double>
    /// Per configuration, room for `capacity` positions in the block: its survivors.
    private let survivors: UnsafeMutablePointer<Int32>
    /// Per configuration, how many survivors its list holds.
    private var survivorCount: [Int]

    /// Room for `configurations` configurations and blocks of up to `blockCapacity` components
    /// of `kernels` kernels.
    init(configurations: Int, blockCapacity: Int, kernels: Int) {
        capacity = blockCapacity
        wholeBlockPasses = max(3, kernels / 2)
        best = Array(repeating: -.infinity, count: configurations)
        states = Array(repeating: .whole, count: configurations)
        bounds = .allocate(capacity: configurations * blockCapacity)
        survivors = .allocate(capacity: configurations * blockCapacity)
        survivorCount = Array(repeating: 0, count: configurations)
    }

    deinit {
        bounds.deallocate()
        survivors.deallocate()
    }

    /// Whether some configuration has a total to prune against: none does before a block ends.
    var canPrune: Bool { best.contains { $0 > -.infinity && $0.magnitude < Self.largestPrunable } }

    /// Totals this large would make the margin too small for their rounding: no pruning then.
    private static let largestPrunable = 1e12

    /// Starts a block whose components' totals are at most `upperBounds` (by position in the
    /// block), or `nil` to sum every component of every configuration.
    func startBlock(count: Int, upperBounds: UnsafePointer<Double>?) {
        for configuration in states.indices {
            let best = best[configuration]
            guard let upperBounds, best > -.infinity, best.magnitude < Self.largestPrunable else {
                states[configuration] = .whole
                continue
            }
            (bounds + configuration * capacity).update(from: upperBounds, count: count)
            states[configuration] = .bounding(passes: 0)
        }
    }

    /// Where a configuration's bounds are tightened, over which positions of the block: `nil` once
    /// it is done tightening them.
    func boundsToTighten(
        of configuration: Int
    ) -> (bounds: UnsafeMutablePointer<Double>, survivors: UnsafeBufferPointer<Int32>?)? {
        let bounds = bounds + configuration * capacity
        switch states[configuration] {
        case .bounding: return (bounds, nil)
        case .boundingSurvivors: return (bounds, survivors(of: configuration))
        case .whole, .survivors: return nil
        }
    }

    /// Drops the components whose bounds, just tightened, fall too far below the configuration's
    /// best total.
    func prune(_ configuration: Int, count: Int) {
        let threshold = best[configuration] - Self.reach
        let bounds = bounds + configuration * capacity
        let list = survivors + configuration * capacity
        switch states[configuration] {
        case .bounding(let passes):
            let kept = Self.survivorCount(bounds, count: count, threshold: threshold)
            guard kept * Self.listShare <= count else {
                states[configuration] = passes + 1 < wholeBlockPasses ? .bounding(passes: passes + 1) : .whole
                return
            }
            var listed = 0
            for position in 0..<count {
                list[listed] = Int32(truncatingIfNeeded: position)
                listed &+= Self.one(unless: bounds[position] < threshold)
            }
            survivorCount[configuration] = listed
            states[configuration] = .boundingSurvivors
        case .boundingSurvivors:
            var kept = 0
            for index in 0..<survivorCount[configuration] {
                let position = Int(list[index])
                list[kept] = list[index]
                kept &+= Self.one(unless: bounds[position] < threshold)
            }
            survivorCount[configuration] = kept
        case .whole, .survivors:
            return
        }
    }

    /// Ends the tightening: from here the configuration's survivors (or every component) are summed.
    func finishBounds() {
        for configuration in states.indices {
            if case .boundingSurvivors = states[configuration] { states[configuration] = .survivors }
            if case .bounding = states[configuration] { states[configuration] = .whole }
        }
    }

    /// A configuration's surviving positions in the block, or `nil` when every component is summed.
    func survivors(of configuration: Int) -> UnsafeBufferPointer<Int32>? {
        switch states[configuration] {
        case .whole, .bounding: return nil
        case .boundingSurvivors, .survivors:
            return UnsafeBufferPointer(start: survivors + configuration * capacity, count: survivorCount[configuration])
        }
    }

    /// 1, or 0 when `dropped`, without a branch: whether a bound is below the threshold cannot be
    /// predicted.
    @inline(__always)
    private static func one(unless dropped: Bool) -> Int {
        Int(unsafeBitCast(!dropped, to: UInt8.self))
    }

    /// How many of `count` bounds are not below `threshold`, four at a time.
    private static func survivorCount(_ bounds: UnsafePointer<Double>, count: Int, threshold: Double) -> Int {
        let lanes = 4
        var kept = SIMD4<Int64>()
        var position = 0
        while position + lanes <= count {
            let bound = UnsafeRawPointer(bounds + position).loadUnaligned(as: SIMD4<Double>.self)
            kept &+= SIMD4(repeating: 1).replacing(with: 0, where: bound .< threshold)
            position += lanes
        }
        var total = Int(kept.wrappedSum())
        while position < count {
            total += bounds[position] < threshold ? 0 : 1
            position += 1
        }
        return total
    }

    /// Ends the block for a configuration: the dropped components' totals become −∞, and the
    /// largest total found so far is kept to prune the next blocks against.
    ///
    /// - Parameter sums: The configuration's sums of the block, by position in the block.
    func finishBlock(_ configuration: Int, sums: UnsafeMutablePointer<Double>, count: Int) {
        var largest = best[configuration]
        if let survivors = survivors(of: configuration) {
            var next = 0
            for survivor in survivors {
                let position = Int(survivor)
                while next < position {
                    sums[next] = -.infinity
                    next += 1
                }
                largest = max(largest, sums[position])
                next = position + 1
            }
            while next < count {
                sums[next] = -.infinity
                next += 1
            }
        } else {
            for position in 0..<count { largest = max(largest, sums[position]) }
        }
        best[configuration] = largest
    }
}
