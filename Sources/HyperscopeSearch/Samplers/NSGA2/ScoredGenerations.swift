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

    /// Finds the scored trials among `trials` in generations `0..<generations`.
    init(_ trials: [Trial], generations: Int, populationSize: Int, objectives: Int) {
        let limit = generations * populationSize
        var inOrder = true
        // Fields are read in place (a loop over copies of each trial costs more than the whole ask).
        for position in trials.indices where trials[position].number < limit && trials[position].state == .completed {
            guard Self.isScored(trials[position], objectives: objectives) else { continue }
            let number = trials[position].number
            if let last = numbers.last, last > number { inOrder = false }
            positions.append(position)
            numbers.append(number)
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

    /// A trial's objective values when it has a finite one for every objective.
    static func values(of trial: Trial, objectives: Int) -> [Double]? {
        isScored(trial, objectives: objectives) ? trial.values ?? trial.value.map { [$0] } : nil
    }

    /// Whether a completed trial has a finite value of every objective.
    @inline(__always)
    private static func isScored(_ trial: borrowing Trial, objectives: Int) -> Bool {
        if let values = trial.values { return values.count == objectives && values.allSatisfy(\.isFinite) }
        return objectives == 1 && trial.value?.isFinite == true
    }
}
