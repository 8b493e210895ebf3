/// A chart of lines with optional shaded bands, independent of how it is drawn.
public struct LineChart: Sendable, Hashable {
    /// One line: its name in the legend, its points, and an optional band around it.
    public struct Series: Sendable, Hashable {
        /// The legend entry.
        public var name: String
        /// The points, in increasing x.
        public var points: [Point]
        /// The band's lower and upper y at each x (the 95% CI), where known.
        public var band: [BandSegment]

        /// Creates a series.
        public init(name: String, points: [Point], band: [BandSegment] = []) {
            self.name = name
            self.points = points
            self.band = band
        }
    }

    /// A point of a line.
    public struct Point: Sendable, Hashable {
        /// The x coordinate.
        public var x: Double
        /// The y coordinate.
        public var y: Double

        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// The band's extent at one x.
    public struct BandSegment: Sendable, Hashable {
        /// The x coordinate.
        public var x: Double
        /// The lower edge.
        public var low: Double
        /// The upper edge.
        public var high: Double

        /// Creates a band point.
        public init(x: Double, low: Double, high: Double) {
            self.x = x
            self.low = low
            self.high = high
        }
    }

    /// The title above the plot.
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The lines.
    public var series: [Series]
    /// Whether the x-axis is logarithmic (non-positive x values are left out).
    public var logX: Bool
    /// Whether the y-axis is logarithmic (non-positive y values are left out).
    public var logY: Bool

    /// Creates a chart.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false, logY: Bool = false)
    {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
        self.logY = logY
    }
}
