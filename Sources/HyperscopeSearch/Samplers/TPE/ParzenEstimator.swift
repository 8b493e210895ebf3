import HyperscopeCore
import SystemLibC

/// A Parzen (kernel density) estimator over one or more parameters: the l(x) and g(x) of the
/// Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023).
///
/// It is a mixture with one component per observation plus a wide prior component. A component is a
/// product of one kernel per parameter: a truncated Gaussian on the parameter's sampling scale
/// (integrated over the bin for stepped and integer ranges), or for a categorical parameter the
/// observed choice with a little mass, prior/(n + 1), spread over every choice. Sampling a component
/// and then each of its kernels keeps the dependencies between parameters (the multivariate TPE).
///
/// Bandwidths follow Optuna 5's choices: each observation's is the larger distance to its sorted
/// neighbours (the prior's mean and the range's ends included), clipped to
/// [range / min(100, n + 2), range].
///
/// Normalisers are computed once per component, so a density costs O(n·d) simple operations plus
/// two error functions per component for each wide integer or stepped bin.
package struct ParzenEstimator: Sendable {
    private enum Kernel: Sendable {
        case fixed(Value)
        /// Per component, the observed choice (−1 for the prior component).
        case categorical(choices: [Value], observed: [Int], logHit: Double, logMiss: Double, logUniform: Double)
        /// A continuous parameter, per component: mean and bandwidth on the sampling scale, and the
        /// log of the normaliser (log σ + log mass + log √2π).
        case numeric(
            domain: ParameterDomain, means: [Double], bandwidths: [Double], logNormalizers: [Double], low: Double,
            high: Double)
        /// A discrete parameter's components grouped by (mean, bandwidth): integers repeat, so the
        /// bin probabilities are computed once per distinct kernel. `kernelOfComponent` maps back.
        case discrete(
            domain: ParameterDomain, means: [Double], bandwidths: [Double], logNormalizers: [Double],
            kernelOfComponent: [Int], low: Double, high: Double)
    }

    /// The domains of the parameters, in the order values are given.
    package let domains: [ParameterDomain]
    private let kernels: [Kernel]
    private let logWeights: [Double]
    /// The components' weights to draw one by, found once rather than at every draw.
    private let componentDraw: Draw

    /// Fits the estimator.
    ///
    /// - Parameters:
    ///   - domains: The parameters' domains.
    ///   - observations: One row per observation, a value per domain (each must lie in its domain).
    ///   - weights: One non-negative weight per observation (all 1 when empty).
    ///   - priorWeight: The weight of the prior component.
    ///   - sortedOrders: Per domain, the observations' positions ordered by value (equal values in
    ///     any order), when the caller knows them; an empty list, or `nil` for a domain, sorts here.
    /// - Complexity: O(*d*·*n* log *n*), O(*d*·*n*) with every numeric domain's order given.
    package init(
        domains: [ParameterDomain], observations: [[Value]], weights: [Double] = [], priorWeight: Double = 1,
        sortedOrders: [[Int]?] = []
    ) {
        let count = observations.count
        self.init(
            domains: domains, count: count, weights: weights, priorWeight: priorWeight,
            choicePositions: { index, choices in
                observations.map { choices.firstIndex(of: $0[index]) ?? -1 }
            },
            points: { index, domain in observations.map { domain.transform($0[index].numericValue!) } },
            order: { index in index < sortedOrders.count ? sortedOrders[index] : nil })
    }

    /// One parameter's observations as codes into its distinct values, the way
    /// ``ParameterColumns`` keeps a column: observation *i* has `values[codes[i]]`. A numeric
    /// parameter's values are put on the sampling scale and in order once, for any set of codes.
    package struct CodedColumn: Sendable {
        /// The distinct values.
        package let values: [Value]
        /// Each observation's value's position in `values`.
        package var codes: [Int32]
        /// Each value on the domain's sampling scale (NaN where it is not a number); empty for a
        /// categorical or fixed domain.
        fileprivate let numbers: [Double]
        /// Each value's place among `numbers` in increasing order; empty where `numbers` is.
        fileprivate let rankOfCode: [Int]

        /// A column of the distinct values of a parameter with `domain`, and the observations' codes
        /// (each a position in `values`).
        package init(values: [Value], domain: ParameterDomain, codes: [Int32] = []) {
            self.values = values
            self.codes = codes
            switch domain {
            case .float, .integer:
                numbers = values.map { $0.numericValue.map(domain.transform) ?? .nan }
                var rankOfCode = [Int](repeating: 0, count: values.count)
                for (rank, code) in numbers.ascendingPositions.enumerated() { rankOfCode[code] = rank }
                self.rankOfCode = rankOfCode
            case .categorical, .fixed:
                numbers = []
                rankOfCode = []
            }
        }
    }

    /// Fits the estimator to observations given a parameter at a time as codes into each
    /// parameter's distinct values, every observation weighing 1: the same estimator as
    /// ``init(domains:observations:weights:priorWeight:sortedOrders:)`` fitted to the decoded rows.
    ///
    /// Each distinct value is placed among the choices once, and each numeric parameter's
    /// observations are put in order of value by counting them per distinct value.
    ///
    /// - Parameter columns: One per domain, made for that domain.
    /// - Complexity: O(*d*·*n*).
    package init(domains: [ParameterDomain], columns: [CodedColumn], priorWeight: Double = 1) {
        precondition(columns.count == domains.count, "one column per domain")
        self.init(
            domains: domains, count: columns.first?.codes.count ?? 0, weights: [], priorWeight: priorWeight,
            choicePositions: { index, choices in
                let position = columns[index].values.map { choices.firstIndex(of: $0) ?? -1 }
                return columns[index].codes.map { position[Int($0)] }
            },
            points: { index, _ in columns[index].codes.map { columns[index].numbers[Int($0)] } },
            order: { index in Self.positionsByValue(columns[index]) })
    }

    /// The observations' positions in increasing order of their values' numbers, each distinct
    /// value's observations together (equal numbers in any order, as the bandwidths allow),
    /// counted into place by their values' ranks.
    private static func positionsByValue(_ column: CodedColumn) -> [Int] {
        let rankOfCode = column.rankOfCode
        var starts = [Int](repeating: 0, count: rankOfCode.count + 1)
        for code in column.codes { starts[rankOfCode[Int(code)] + 1] += 1 }
        for rank in 0..<rankOfCode.count { starts[rank + 1] += starts[rank] }
        var order = [Int](repeating: 0, count: column.codes.count)
        for (position, code) in column.codes.enumerated() {
            let rank = rankOfCode[Int(code)]
            order[starts[rank]] = position
            starts[rank] += 1
        }
        return order
    }

    /// Fits the estimator to `count` observations read a parameter at a time: the positions of the
    /// observed choices among a categorical parameter's choices (−1 for none), a numeric
    /// parameter's values on its sampling scale, and their order by value when known.
    private init(
        domains: [ParameterDomain], count: Int, weights: [Double], priorWeight: Double,
        choicePositions: @Sendable (_ index: Int, _ choices: [Value]) -> [Int],
        points: @Sendable (_ index: Int, _ domain: ParameterDomain) -> [Double],
        order: @Sendable (_ index: Int) -> [Int]?
    ) {
        self.domains = domains
        let mixture = (weights.isEmpty ? Array(repeating: 1.0, count: count) : weights) + [priorWeight]
        let total = mixture.reduce(0, +)
        logWeights = mixture.map { log($0 / total) }
        componentDraw = Draw(logWeights)
        // Each parameter's kernel on its own, on every core when there are many observations.
        let kernel = { @Sendable (index: Int, domain: ParameterDomain) -> Kernel in
            switch domain {
            case .fixed(let value):
                return .fixed(value)
            case .categorical(let choices):
                let spread = priorWeight / Double(count + 1)
                let rowTotal = spread * Double(choices.count) + 1
                return .categorical(
                    choices: choices, observed: choicePositions(index, choices) + [-1],
                    logHit: log((spread + 1) / rowTotal), logMiss: log(spread / rowTotal),
                    logUniform: -log(Double(choices.count)))
            case .float, .integer:
                let (low, high) = domain.transformedBounds!
                let points = points(index, domain)
                let means = points + [(low + high) / 2]
                let bandwidths = Self.bandwidths(points, low: low, high: high, order: order(index)) + [high - low]
                guard Self.isDiscrete(domain) else {
                    let logNormalizers = zip(means, bandwidths).map { mean, sigma in
                        TruncatedNormal(mean: mean, standardDeviation: sigma, low: low, high: high).logNormalizer
                            + log(sigma) + 0.5 * log(2 * Double.pi)
                    }
                    return .numeric(
                        domain: domain, means: means, bandwidths: bandwidths, logNormalizers: logNormalizers, low: low,
                        high: high)
                }
                let (distinct, kernelOfComponent) = Self.distinctShapes(means: means, bandwidths: bandwidths)
                return .discrete(
                    domain: domain, means: distinct.map(\.mean), bandwidths: distinct.map(\.bandwidth),
                    logNormalizers: distinct.map {
                        TruncatedNormal(mean: $0.mean, standardDeviation: $0.bandwidth, low: low, high: high)
                            .logNormalizer
                    },
                    kernelOfComponent: kernelOfComponent, low: low, high: high)
            }
        }
        let parameters = Array(domains.enumerated())
        kernels =
            count < Self.concurrentFitCount ? parameters.map(kernel) : parameters.concurrentMap(kernel)
    }

    /// From how many observations the parameters' kernels are fitted on every core.
    private static let concurrentFitCount = 4_096

    /// The log density (log probability for discrete parameters) of a configuration, on the
    /// sampling scale.
    ///
    /// - Complexity: O(*n*·*d*).
    package func logDensity(_ values: [Value]) -> Double {
        logDensities([values])[0]
    }

    /// The log density of each configuration, as ``logDensity(_:)`` gives it (to the bit: each
    /// component's terms are added in the same order).
    ///
    /// The configurations are weighed together a block of components at a time, so that each
    /// kernel's parameters are read from memory once a block rather than once a configuration: over
    /// 100,000 components, reading them was most of the time. From the second block on, components
    /// that can no longer matter to a configuration are dropped (``ComponentPruning``).
    ///
    /// - Parameter pruned: Whether components are dropped as they stop mattering; the densities are
    ///   the same either way (a test checks it), only the time differs.
    /// - Complexity: O(*n*·*d*·*configurations*).
    package func logDensities(_ configurations: [[Value]], pruned: Bool = true) -> [Double] {
        let componentCount = logWeights.count
        guard !configurations.isEmpty, componentCount > 0 else {
            return configurations.map { _ in -.infinity }
        }
        // What each configuration's value is to each kernel, found once.
        let inputs = kernels.indices.map { index in configurations.map { input(of: $0[index], to: kernels[index]) } }
        var sums = [Double](repeating: 0, count: componentCount * configurations.count)
        let capacity = min(Self.componentBlock, componentCount)
        let pruning = ComponentPruning(
            configurations: configurations.count, blockCapacity: capacity, kernels: kernels.count)
        var upperBounds = [Double](repeating: 0, count: capacity)
        let order = pruned ? boundingOrder : []
        sums.withUnsafeMutableBufferPointer { sums in
            for configuration in configurations.indices {
                let row = configuration * componentCount
                for component in 0..<componentCount { sums[row + component] = logWeights[component] }
            }
            for start in stride(from: 0, to: componentCount, by: Self.componentBlock) {
                let block = start..<min(start + Self.componentBlock, componentCount)
                if pruned, pruning.canPrune {
                    upperBoundsOfTotals(over: block, into: &upperBounds)
                    upperBounds.withUnsafeBufferPointer {
                        pruning.startBlock(count: block.count, upperBounds: $0.baseAddress!)
                    }
                    tightenBounds(pruning, inputs: inputs, block: block, order: order)
                } else {
                    pruning.startBlock(count: block.count, upperBounds: nil)
                }
                for (kernel, kernelInputs) in zip(kernels, inputs) {
                    for (configuration, input) in kernelInputs.enumerated() {
                        let row = sums.baseAddress! + configuration * componentCount
                        if let survivors = pruning.survivors(of: configuration) {
                            Self.add(kernel, input, over: survivors.lazy.map { block.lowerBound + Int($0) }, into: row)
                        } else {
                            Self.add(kernel, input, over: block, into: row)
                        }
                    }
                }
                for configuration in configurations.indices {
                    pruning.finishBlock(
                        configuration, sums: sums.baseAddress! + configuration * componentCount + block.lowerBound,
                        count: block.count)
                }
            }
        }
        return configurations.indices.map { configuration in
            Self.logSumExp(sums[(configuration * componentCount)..<((configuration + 1) * componentCount)])
        }
    }

    /// An upper bound on each total of `block`'s components, by position in the block: its weight
    /// and each kernel's largest term (a numeric kernel's at its mean, a categorical one's larger
    /// probability, a discrete one's log probability, at most 0).
    private func upperBoundsOfTotals(over block: Range<Int>, into bounds: inout [Double]) {
        for position in 0..<block.count { bounds[position] = logWeights[block.lowerBound + position] }
        for kernel in kernels {
            switch kernel {
            case .fixed, .discrete:
                break
            case .categorical(_, let observed, let logHit, let logMiss, let logUniform):
                let observedBound = max(logHit, logMiss)
                for position in 0..<block.count {
                    bounds[position] += observed[block.lowerBound + position] == -1 ? logUniform : observedBound
                }
            case .numeric(_, _, _, let logNormalizers, _, _):
                for position in 0..<block.count { bounds[position] -= logNormalizers[block.lowerBound + position] }
            }
        }
    }

    /// The kernels in the order they go into the bounds: numeric ones first (they tell components
    /// apart best), then discrete and categorical ones.
    private var boundingOrder: [Int] {
        let rank = { (kernel: Kernel) -> Int in
            switch kernel {
            case .numeric: 0
            case .discrete: 1
            case .categorical: 2
            case .fixed: 3
            }
        }
        return kernels.indices.sorted { rank(kernels[$0]) < rank(kernels[$1]) }
    }

    /// Puts the kernels, in `order`, into each configuration's bounds on `block`'s totals (each
    /// replacing its largest term by its term), dropping the components that can no longer matter as
    /// it goes.
    private func tightenBounds(
        _ pruning: ComponentPruning, inputs: [[KernelInput]], block: Range<Int>, order: [Int]
    ) {
        for index in order {
            for (configuration, input) in inputs[index].enumerated() {
                guard let (bounds, survivors) = pruning.boundsToTighten(of: configuration) else {
                    continue
                }
                if let survivors {
                    Self.add(
                        kernels[index], input, over: survivors.lazy.map(Int.init), from: block.lowerBound,
                        into: bounds, belowLargest: true)
                } else {
                    Self.add(
                        kernels[index], input, over: 0..<block.count, from: block.lowerBound, into: bounds,
                        belowLargest: true)
                }
                pruning.prune(configuration, count: block.count)
            }
        }
        pruning.finishBounds()
    }

    /// The components weighed at once for every configuration: the kernels' parameters of a block
    /// (three doubles a component) and the configurations' sums stay in the processor's caches.
    private static let componentBlock = 1_024

    /// A configuration's value as one kernel reads it.
    private enum KernelInput {
        /// A fixed parameter: nothing to add.
        case none
        /// A value outside the kernel's range, or not a number where one is needed: density zero.
        case outside
        /// The position of a categorical value among the choices (−2 for one not among them).
        case choice(Int)
        /// A continuous value on the sampling scale.
        case number(Double)
        /// A discrete value's log probability under each distinct kernel.
        case binLogProbabilities([Double])
    }

    private func input(of value: Value, to kernel: Kernel) -> KernelInput {
        switch kernel {
        case .fixed:
            return .none
        case .categorical(let choices, _, _, _, _):
            return .choice(choices.firstIndex(of: value) ?? -2)
        case .numeric(let domain, _, _, _, let low, let high):
            guard let number = value.numericValue, domain.transform(number) >= low, domain.transform(number) <= high
            else { return .outside }
            return .number(domain.transform(number))
        case .discrete(let domain, let means, let bandwidths, let logNormalizers, _, let low, let high):
            guard let number = value.numericValue, let bin = Self.bin(of: number, in: domain),
                bin.lowerBound >= low - 1e-9,
                bin.upperBound <= high + 1e-9
            else { return .outside }
            let width = bin.upperBound - bin.lowerBound
            return .binLogProbabilities(
                means.indices.map { kernel in
                    let mean = means[kernel]
                    let sigma = bandwidths[kernel]
                    if width < 0.05 * sigma {
                        // A bin narrow against the kernel: its mass is the density times its width, to within
                        // 1e-4.
                        let z = ((bin.lowerBound + bin.upperBound) / 2 - mean) / sigma
                        return -0.5 * z * z - 0.5 * log(2 * Double.pi) + log(width / sigma) - logNormalizers[kernel]
                    }
                    return TruncatedNormal.logNormalProbability(
                        (bin.lowerBound - mean) / sigma, (bin.upperBound - mean) / sigma) - logNormalizers[kernel]
                })
        }
    }

    /// Adds a kernel's term for one configuration to the sums of some components (a block's range,
    /// vectorised, or its surviving components), or when `belowLargest` how far the term is below
    /// the kernel's largest (see ``upperBoundsOfTotals(over:into:)``): what tightens a bound.
    ///
    /// - Parameters:
    ///   - positions: Where to add, each the position of component `first + position`.
    ///   - sums: The sums by position, addressed without index arithmetic that could overflow, so
    ///     that the loops over a range are vectorised.
    private static func add(
        _ kernel: Kernel, _ input: KernelInput, over positions: some Sequence<Int>, from first: Int = 0,
        into sums: UnsafeMutablePointer<Double>, belowLargest: Bool = false
    ) {
        switch (kernel, input) {
        case (_, .none):
            return
        case (_, .outside):
            for position in positions { sums[position] = -.infinity }
        case (.categorical(_, let observed, let logHit, let logMiss, let logUniform), .choice(let choice)):
            // Below the largest term, the prior's uniform term and a hit add nothing, a miss its gap.
            let largest = max(logHit, logMiss)
            let (uniform, hit, miss) =
                belowLargest ? (0, logHit - largest, logMiss - largest) : (logUniform, logHit, logMiss)
            observed.withUnsafeBufferPointer { observed in
                let observed = observed.baseAddress! + first
                for position in positions {
                    let seen = observed[position]
                    sums[position] += seen == -1 ? uniform : (seen == choice ? hit : miss)
                }
            }
        case (.numeric(_, let means, let bandwidths, let logNormalizers, _, _), .number(let x)):
            means.withUnsafeBufferPointer { means in
                bandwidths.withUnsafeBufferPointer { bandwidths in
                    logNormalizers.withUnsafeBufferPointer { logNormalizers in
                        let (means, bandwidths) = (means.baseAddress! + first, bandwidths.baseAddress! + first)
                        let logNormalizers = logNormalizers.baseAddress! + first
                        // The largest term is at the mean: −log of the normaliser.
                        if belowLargest {
                            for position in positions {
                                let z = (x - means[position]) / bandwidths[position]
                                sums[position] -= 0.5 * z * z
                            }
                        } else {
                            for position in positions {
                                let z = (x - means[position]) / bandwidths[position]
                                sums[position] += -0.5 * z * z - logNormalizers[position]
                            }
                        }
                    }
                }
            }
        case (.discrete(_, _, _, _, let kernelOfComponent, _, _), .binLogProbabilities(let probabilities)):
            // A log probability's largest is taken as 0: the same either way.
            kernelOfComponent.withUnsafeBufferPointer { kernelOfComponent in
                probabilities.withUnsafeBufferPointer { probabilities in
                    let kernelOfComponent = kernelOfComponent.baseAddress! + first
                    for position in positions { sums[position] += probabilities[kernelOfComponent[position]] }
                }
            }
        default:
            preconditionFailure("a kernel's input is made by input(of:to:) for that kernel")
        }
    }

    /// Draws a configuration: a component by weight, then a value from each of its kernels.
    package func sample(using generator: inout some RandomNumberGenerator) -> [Value] {
        let component = Self.pick(componentDraw, using: &generator)
        return kernels.map { kernel in
            switch kernel {
            case .fixed(let value):
                return value
            case .categorical(let choices, let observed, let logHit, let logMiss, let logUniform):
                let seen = observed[component]
                let logProbabilities = choices.indices.map { seen == -1 ? logUniform : ($0 == seen ? logHit : logMiss) }
                return choices[Self.pick(logProbabilities, using: &generator)]
            case .numeric(let domain, let means, let bandwidths, _, let low, let high):
                let normal = TruncatedNormal(
                    mean: means[component], standardDeviation: bandwidths[component], low: low, high: high)
                return domain.snapped(domain.untransform(normal.sample(using: &generator)))!
            case .discrete(let domain, let means, let bandwidths, _, let kernelOfComponent, let low, let high):
                let kernel = kernelOfComponent[component]
                let normal = TruncatedNormal(
                    mean: means[kernel], standardDeviation: bandwidths[kernel], low: low, high: high)
                return domain.snapped(domain.untransform(normal.sample(using: &generator)))!
            }
        }
    }

    // MARK: - Numerics

    /// A kernel's mean and bandwidth, to find the components that share one.
    private struct KernelShape {
        var mean: Double
        var bandwidth: Double
    }

    /// The distinct (mean, bandwidth) pairs in the order first seen, and each component's.
    ///
    /// Numbered by their bits (``BitsNumbering``): a dictionary's hashing of every pair was a tenth
    /// of an ask at 5,000 trials. −0 counts as 0, as `==` has it.
    private static func distinctShapes(
        means: [Double], bandwidths: [Double]
    ) -> (shapes: [KernelShape], ofComponent: [Int]) {
        var numbering = BitsNumbering(capacity: means.count)
        var shapes: [KernelShape] = []
        let ofComponent = means.indices.map { component in
            let (mean, bandwidth) = (means[component], bandwidths[component])
            let found = numbering.number(of: (mean + 0).bitPattern, (bandwidth + 0).bitPattern)
            if found.isNew { shapes.append(KernelShape(mean: mean, bandwidth: bandwidth)) }
            return Int(found.number)
        }
        return (shapes, ofComponent)
    }

    private static func isDiscrete(_ domain: ParameterDomain) -> Bool {
        switch domain {
        case .integer, .float(_, _, _, .some): true
        default: false
        }
    }

    /// The bin a stepped or integer value stands for, on the sampling scale.
    private static func bin(of number: Double, in domain: ParameterDomain) -> ClosedRange<Double>? {
        switch domain {
        case .integer(_, _, let logarithmic, let step):
            let half = Double(step) / 2
            return logarithmic ? log(number - half)...log(number + half) : (number - half)...(number + half)
        case .float(_, _, _, let step?):
            return (number - step / 2)...(number + step / 2)
        default:
            return nil
        }
    }

    /// Each observation's bandwidth: the larger distance to its sorted neighbours among the
    /// observations, the prior's mean and the range's ends (the end ones use their inner neighbour).
    ///
    /// Equal values are taken in the order of their positions (a stable sort): among a run of equal
    /// values the smallest position has the run's first place and the largest its last, and every
    /// place between has the same bandwidth. So an order with equal values in any order gives the
    /// same bandwidths, and a caller that keeps the order spares the sort.
    ///
    /// - Parameter known: The observations' positions by value, if known.
    private static func bandwidths(_ points: [Double], low: Double, high: Double, order known: [Int]?) -> [Double] {
        guard !points.isEmpty else { return [] }
        let range = high - low
        let minimum = range / min(100, Double(points.count + 2))
        let prior = (low + high) / 2
        // The prior's mean is the last position, after the equal values.
        let priorPosition = points.count
        var order: [Int] = []
        order.reserveCapacity(points.count + 1)
        if let known {
            var placed = false
            for position in known {
                if !placed, points[position] > prior {
                    order.append(priorPosition)
                    placed = true
                }
                order.append(position)
            }
            if !placed { order.append(priorPosition) }
        } else {
            order = (points + [prior]).ascendingPositions
        }
        var sorted = [low]
        sorted.reserveCapacity(order.count + 2)
        for position in order { sorted.append(position == priorPosition ? prior : points[position]) }
        sorted.append(high)
        var bySortedPosition: [Double] = []
        bySortedPosition.reserveCapacity(order.count)
        for place in 1..<(sorted.count - 1) {
            let left: Double = sorted[place] - sorted[place - 1]
            let right: Double = sorted[place + 1] - sorted[place]
            bySortedPosition.append(max(left, right))
        }
        if bySortedPosition.count >= 2 {
            bySortedPosition[0] = sorted[2] - sorted[1]
            bySortedPosition[bySortedPosition.count - 1] = sorted[sorted.count - 2] - sorted[sorted.count - 3]
        }
        let clipped = { (place: Int) in min(max(bySortedPosition[place], minimum), range) }
        var result = [Double](repeating: 0, count: order.count)
        var first = 0
        while first < order.count {
            var last = first
            while last + 1 < order.count, sorted[last + 2] == sorted[first + 1] { last += 1 }
            if first == last {
                result[order[first]] = clipped(first)
            } else {
                let run = order[first...last]
                if last - first >= 2 {
                    for position in run { result[position] = clipped(first + 1) }
                }
                result[run.min()!] = clipped(first)
                result[run.max()!] = clipped(last)
            }
            first = last + 1
        }
        result.removeLast()
        return result
    }

    private static func logSumExp(_ values: some Collection<Double>) -> Double {
        guard let largest = values.max(), largest > -.infinity else { return -.infinity }
        // Terms more than 40 below the largest add less than 4e-18 of it each: skip their exp.
        var sum = 0.0
        for value in values where value > largest - 40 { sum += exp(value - largest) }
        return largest + log(sum)
    }

    private static func pick(_ logWeights: [Double], using generator: inout some RandomNumberGenerator) -> Int {
        pick(Draw(logWeights), using: &generator)
    }

    /// Weights to draw positions by, from their logarithms, and their total.
    private struct Draw: Sendable {
        let weights: [Double]
        let total: Double

        init(_ logWeights: [Double]) {
            let largest = logWeights.max() ?? 0
            weights = logWeights.map { exp($0 - largest) }
            total = weights.reduce(0, +)
        }
    }

    private static func pick(_ draw: Draw, using generator: inout some RandomNumberGenerator) -> Int {
        let weights = draw.weights
        var target = Double.random(in: 0..<draw.total, using: &generator)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
