import HyperscopeCore
import Testing

@testable import HyperscopeIngest

@Suite("Curve accumulator")
struct CurveAccumulatorTests {
    @Test("a curve fills axes first seen later, and missing coordinates, with NaN")
    func curveAxes() {
        var accumulator = CurveAccumulator()
        let key = MetricKey(parsing: "val/acc")
        accumulator.append(0.5, to: key, at: [("epoch", 1.0)])
        accumulator.append(0.6, to: key, at: [("epoch", 2.0), ("step", 200.0)])
        accumulator.append(0.7, to: key, at: [("step", 300.0)])
        let curve = accumulator.curves[0]
        #expect(curve.values == [0.5, 0.6, 0.7])
        let epochs = curve.axis(named: "epoch")!
        #expect(epochs[0] == 1 && epochs[1] == 2 && epochs[2].isNaN)
        let steps = curve.axis(named: "step")!
        #expect(steps[0].isNaN && steps[1] == 200 && steps[2] == 300)
    }

    @Test("a resumed accumulator continues the curves it was given, axes included")
    func resumes() {
        var first = CurveAccumulator()
        first.append(1.0, to: MetricKey(parsing: "train/loss"), at: [("step", 10)])
        var resumed = CurveAccumulator(first.curves)
        resumed.append(0.5, to: MetricKey(parsing: "train/loss"), at: [("step", 20)])
        resumed.append(0.9, to: MetricKey(parsing: "val/acc"), at: [("epoch", 1)])
        #expect(resumed.curves.map(\.key.description) == ["train/loss", "val/acc"])
        #expect(resumed.curves[0].values == [1.0, 0.5])
        #expect(resumed.curves[0].axis(named: "step") == [10, 20])
        #expect(resumed.curves[0].axis(named: "epoch") == nil)
    }

    @Test("lines of different kinds go to groups that keep their curves sharing axes")
    func lineGroupsByKind() {
        var accumulator = CurveAccumulator()
        #expect(accumulator.axisSlot(named: "x") == 0)
        let slots = ["train/loss", "train/acc", "val/acc"].map { accumulator.curveSlot(for: MetricKey(parsing: $0)) }
        let (trainLine, valLine) = ([slots[0], slots[1]], [slots[2]])
        var groups: [Int] = []
        /// Reads a line through the group the accumulator picks, as the fast path does.
        func read(_ line: [Int], step: Double) -> Int {
            let group =
                accumulator.lineGroup(for: line[...], among: groups, allowingNew: true)
                ?? {
                    groups.append(accumulator.lineGroup())
                    return groups.last!
                }()
            accumulator.beginLine(inGroup: group, coordinates: [step])
            for slot in line { accumulator.append(step, toCurve: slot, inGroup: group) }
            return group
        }
        #expect(accumulator.lineGroup(for: trainLine[...], among: [], allowingNew: false) == nil)
        let train = read(trainLine, step: 1)
        #expect(read(trainLine, step: 2) == train)
        let evaluation = read(valLine, step: 2)
        #expect(evaluation != train)
        #expect(read(trainLine, step: 3) == train)
        #expect(read(valLine, step: 3) == evaluation)
        // A line with part of a group's curves stays in the group (one curve goes on alone) …
        #expect(read([slots[0]], step: 4) == train)
        // … and with no new group allowed, a line goes to the group that keeps most.
        #expect(accumulator.lineGroup(for: [slots[0], slots[2]][...], among: groups, allowingNew: false) == train)
        #expect(accumulator.curves.map(\.values) == [[1, 2, 3, 4], [1, 2, 3], [2, 3]])
        #expect(accumulator.curves.map { $0.axis(named: "x") } == [[1, 2, 3, 4], [1, 2, 3], [2, 3]])
    }
}
