import HyperscopeCore

/// The objective over two parameters: a grid of the values a random-forest surrogate predicts,
/// averaged over the other parameters as the trials set them (a partial-dependence surface), with
/// the trials drawn on top.
public struct ContourPlot: Sendable, Hashable {
    /// One trial.
    public struct Point: Sendable, Hashable {
        /// The trial number.
        public var trial: Int
        /// Its position on the x axis, from 0 to 1.
        public var x: Double
        /// Its position on the y axis, from 0 to 1.
        public var y: Double
        /// Its objective.
        public var value: Double
    }

    /// The horizontal parameter.
    public var xAxis: ParameterAxis
    /// The vertical parameter.
    public var yAxis: ParameterAxis
    /// The predicted objective, `grid[row][column]`, rows from the bottom (y = 0) up, each cell
    /// centred on its share of the axis.
    public var grid: [[Double]]
    /// The completed trials that have both parameters, or with more than the limit, those ``PlotSample`` picks.
    public var points: [Point]
    /// The range of the grid and the points together.
    public var valueRange: ClosedRange<Double>
    /// Whether larger values are better.
    public var goal: MetricGoal

    /// The contour of `xKey` × `yKey`; `nil` when fewer than four completed trials have both.
    ///
    /// - Parameters:
    ///   - keys: Every parameter of the search: the surrogate is fitted on all of them.
    ///   - resolution: Cells per side (categorical axes use one cell per category).
    ///   - maximumPoints: The most trials drawn; the surrogate is fitted on an even spread of at
    ///     most ``ParameterImportance/sampleSize`` of them.
    /// - Complexity: O(*resolution² × 64 × trees × depth*) after the forest's fit.
    public init?(
        trials: [Trial], columns: ParameterColumns? = nil, goal: MetricGoal, xKey: String, yKey: String,
        keys: [String], resolution: Int = 24, seed: UInt64 = 0, maximumPoints: Int = PlotSample.defaultLimit
    ) {
        let columns = columns ?? ParameterColumns(configurations: trials.map(\.params))
        guard let xColumn = columns.column(of: xKey), let yColumn = columns.column(of: yKey) else { return nil }
        // Positions, not copies: the parameters are read from the columns.
        let completed = trials.completedPositions.filter {
            columns.codes[xColumn][$0] >= 0 && columns.codes[yColumn][$0] >= 0
        }
        guard completed.count >= 4 else { return nil }
        let fitted = completed.evenlySpaced(atMost: ParameterImportance.sampleSize)
        // The plotted axes span every trial; the others need only span the trials the surrogate is fitted on.
        let features = [xKey, yKey] + keys.filter { $0 != xKey && $0 != yKey }
        let axes = features.enumerated().map { index, key in
            ParameterAxis(key: key, values: columns.values(of: key, at: index < 2 ? completed : fitted))
        }
        // Each row's positions on every axis (-0.1 where it lacks the parameter), row by row.
        func rows(_ positions: [Int]) -> [[Double]] {
            let byAxis = axes.map { axis in
                columns.values(of: axis.key, at: positions).map { axis.position(of: $0) ?? -0.1 }
            }
            return positions.indices.map { row in byAxis.map { $0[row] } }
        }
        let x = rows(fitted)
        let y = fitted.map { trials[$0].value! }
        let forest = RegressionForest(x: x, y: y, treeCount: 24, seed: seed)
        let background = stride(from: 0, to: x.count, by: max(1, x.count / 64)).map { x[$0] }
        func centres(_ axis: ParameterAxis) -> [Double] {
            let count = axis.categories.isEmpty ? resolution : axis.categories.count
            return (0..<count).map { (Double($0) + 0.5) / Double(count) }
        }
        grid = centres(axes[1]).map { yPosition in
            centres(axes[0]).map { xPosition in
                background.reduce(0) { sum, row in
                    var row = row
                    row[0] = xPosition
                    row[1] = yPosition
                    return sum + forest.predict(row)
                } / Double(background.count)
            }
        }
        xAxis = axes[0]
        yAxis = axes[1]
        let drawn = PlotSample.pick(completed, of: trials, goal: goal, limit: maximumPoints)
        points = zip(drawn, rows(drawn)).map { trial, position in
            Point(trial: trials[trial].number, x: position[0], y: position[1], value: trials[trial].value!)
        }
        let all = grid.flatMap { $0 } + completed.map { trials[$0].value! }
        valueRange = all.min()!...all.max()!
        self.goal = goal
    }
}
