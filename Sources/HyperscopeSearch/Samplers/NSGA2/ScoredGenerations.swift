import HyperscopeCore

/// The scored trials of a study's finished generations, found in one pass without copying a trial:
/// the completed trials with a finite value of every objective, in trial-number order, and where each
/// generation's window of trials ends among them.
struct ScoredGenerations {
    /// Positions in the study's trial list of the scored trials, in trial-number order.
    private(set) var positions: [Int] = []
    /// The scored trials' numbers, in order.
    private(set) var numbers: [Int] = []
    /// For each generation k, how many scored trials have a number below (k + 1) × the population size.
    private(set) var windowEnds: [Int] = []
    /// For each generation k, a checksum of its window's scored trials: their numbers and values.
    private(set) var windowChecksums: [UInt64] = []

    /// Finds the scored trials among `trials` in generations `0..<generations`.
    init(_ trials: [Trial], generations: Int, populationSize: Int, objectives: Int) {
        let limit = generations * populationSize
        var inOrder = true
        windowChecksums = Array(repeating: 0, count: generations)
        // Fields are read in place (a loop over copies of each trial costs more than the whole ask).
        for position in trials.indices where trials[position].number < limit && trials[position].state == .completed {
            guard let word = Self.checksum(trials[position], objectives: objectives) else { continue }
            let number = trials[position].number
            if let last = numbers.last, last > number { inOrder = false }
            positions.append(position)
            numbers.append(number)
            windowChecksums[number / populationSize] &+= word
        }
        if !inOrder {
            let (unsortedPositions, unsortedNumbers) = (positions, numbers)
            let order = unsortedNumbers.indices.sorted { unsortedNumbers[$0] < unsortedNumbers[$1] }
            positions = order.map { unsortedPositions[$0] }
            numbers = order.map { unsortedNumbers[$0] }
        }
        windowEnds = Array(repeating: numbers.count, count: generations)
        var generation = 0
        for (index, number) in numbers.enumerated() {
            while number >= (generation + 1) * populationSize {
                windowEnds[generation] = index
                generation += 1
            }
        }
    }

    /// How many trials are scored.
    var count: Int { numbers.count }

    /// The range of scored trials (positions in ``positions``) in generation `k`'s window.
    func window(_ k: Int) -> Range<Int> { (k == 0 ? 0 : windowEnds[k - 1])..<windowEnds[k] }

    /// The numbers of the scored trials in windows `0..<k`: what generation k's parents are chosen from.
    func numbers(before k: Int) -> ArraySlice<Int> { numbers[..<(k == 0 ? 0 : windowEnds[k - 1])] }

    /// A checksum of the scored trials in windows `0..<k` (with ``numbers(before:)``, what tells
    /// remembered parents were chosen from the same trials).
    func checksum(before k: Int) -> UInt64 { windowChecksums[..<k].reduce(0, &+) }

    /// A trial's number and objective values mixed (SplitMix64's finaliser) into one word, or `nil` when
    /// it lacks a finite value of every objective: ``Trial/objectiveValues(count:)``'s test, reading the
    /// values in place (this runs over every trial on every ask).
    @inline(__always)
    private static func checksum(_ trial: borrowing Trial, objectives: Int) -> UInt64? {
        func mix(_ word: UInt64) -> UInt64 {
            var z = word &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var word = mix(UInt64(trial.number))
        if let values = trial.values {
            guard values.count == objectives else { return nil }
            for value in values {
                guard value.isFinite else { return nil }
                word = mix(word ^ value.bitPattern)
            }
            return word
        }
        guard objectives == 1, let value = trial.value, value.isFinite else { return nil }
        return mix(word ^ value.bitPattern)
    }
}
