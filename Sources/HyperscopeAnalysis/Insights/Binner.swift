import Foundation
import HyperscopeCore

/// Bins a numeric parameter with many distinct values into ranges.
struct Binner {
    private let edges: [Double]
    /// The column's values in numeric order, kept for ``binsOfCodes()`` (sorting them is most of
    /// binning a column of distinct floats).
    private let order: ParameterColumns.NumericOrder
    /// How many distinct values the column has.
    private let valueCount: Int

    /// A binner for a column, or `nil` when some of its values are not finite numbers or it has no
    /// more than `bins` distinct values.
    init?(column: Int, of columns: ParameterColumns, bins: Int, mode: InsightSettings.Binning) {
        var runsOfCode = [Int32](repeating: 0, count: columns.values[column].count)
        for code in columns.codes[column] where code >= 0 { runsOfCode[Int(code)] += 1 }
        self.init(column: column, of: columns, runsOfCode: runsOfCode, bins: bins, mode: mode)
    }

    /// A binner for the runs of a column counted by `runsOfCode` (how many runs have each value
    /// code), or `nil` when some of their values are not finite numbers or they have no more than
    /// `bins` distinct values.
    init?(column: Int, of columns: ParameterColumns, runsOfCode: [Int32], bins: Int, mode: InsightSettings.Binning) {
        guard bins >= 2, columns.values[column].count > bins else { return nil }
        // The runs' values in increasing order, as distinct numbers and how many runs have each:
        // walked in the column's numeric order rather than sorted run by run.
        let order = columns.numericOrder(of: column)
        var numbers: [Double] = []
        var runsUpTo: [Int] = [0]  // runsUpTo[i + 1]: the runs whose value is at most numbers[i].
        for (code, number) in zip(order.codes, order.numbers) {
            let runs = Int(runsOfCode[Int(code)])
            guard runs > 0 else { continue }
            if numbers.last == number {
                runsUpTo[runsUpTo.count - 1] += runs
            } else {
                numbers.append(number)
                runsUpTo.append(runsUpTo[runsUpTo.count - 1] + runs)
            }
        }
        // Every value the runs have must be a finite number.
        guard runsUpTo[runsUpTo.count - 1] == runsOfCode.reduce(0, { $0 + Int($1) }), numbers.count > bins else {
            return nil
        }
        /// The value at a rank (from 0) of the runs' values in increasing order.
        func ranked(_ rank: Int) -> Double {
            numbers[min(runsUpTo[1...].partitioningIndex { $0 > rank } - 1, numbers.count - 1)]
        }
        var edges: [Double]
        if mode == .log, numbers[0] > 0 {
            let low = log10(numbers[0])
            let high = log10(numbers[numbers.count - 1])
            edges = (0...bins).map { pow(10, low + (high - low) * Double($0) / Double(bins)) }
        } else {
            // The percentiles of the runs' values, interpolated between neighbouring ranks.
            edges = (0...bins).map {
                Bootstrap.percentile(
                    count: runsUpTo[runsUpTo.count - 1], Double($0) / Double(bins), valueAtRank: ranked)
            }
        }
        edges = edges.reduce(into: []) { unique, edge in if unique.last != edge { unique.append(edge) } }
        guard edges.count >= 2 else { return nil }
        self.edges = edges
        self.order = order
        valueCount = columns.values[column].count
    }

    /// The bin of each value code of the column binned, as ``bin(of:)`` gives it, or -1 for a value
    /// that is not a finite number: found in one walk up the column's numeric order, with no search
    /// or ``Value`` read per value.
    func binsOfCodes() -> [Int32] {
        var binOfCode = [Int32](repeating: -1, count: valueCount)
        var bin = 0
        for (code, number) in zip(order.codes, order.numbers) {
            // Numbers below the first edge fall in the first bin, those above the last in the last.
            while bin < edges.count - 2, edges[bin + 1] <= number { bin += 1 }
            binOfCode[Int(code)] = Int32(bin)
        }
        return binOfCode
    }

    /// The number of bins.
    var count: Int { edges.count - 1 }

    /// The number of a value's bin; `nil` for a value that is not a finite number.
    func bin(of value: Value) -> Int? {
        guard let number = value.numericValue, number.isFinite else { return nil }
        return binIndex(of: number)
    }

    /// A bin's lower edge, which stands for the bin.
    func lowerEdge(ofBin bin: Int) -> Value {
        .float(edges[bin])
    }

    /// The bin of a value, as its lower edge; `nil` for a value that is not a finite number.
    func lowerEdge(of value: Value) -> Value? {
        bin(of: value).map(lowerEdge(ofBin:))
    }

    /// The label `[low, high)` of the bin with this lower edge (the last bin closed); `nil` for a
    /// value that is not a finite number.
    func label(ofLowerEdge edge: Value) -> String? {
        guard let number = edge.numericValue, number.isFinite else { return nil }
        let index = binIndex(of: number)
        let last = index == edges.count - 2
        return
            "[\(NumberFormatting.metric(edges[index], digits: 3)), \(NumberFormatting.metric(edges[index + 1], digits: 3))\(last ? "]" : ")")"
    }

    private func binIndex(of number: Double) -> Int {
        min(max(0, edges.partitioningIndex { $0 > number } - 1), edges.count - 2)
    }
}
