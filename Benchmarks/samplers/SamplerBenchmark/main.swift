import Foundation
import Hyperscope

/// The Swift side of `Benchmarks/samplers`: `bench.py` runs it and Optuna on the same inputs.
/// `Benchmarks/dashboard` uses `record` to store the study its dashboards are timed on.
///
///     sampler-benchmark ask HISTORY.json tpe|gp REPEATS        → {"median_ms", "min_ms", "cold_median_ms"}
///     sampler-benchmark optimize FUNCTION tpe|gp|gp-full|random TRIALS SEED... → {"best": [...]}
///     sampler-benchmark throughput random|tpe TRIALS PARALLEL DB → {"trials_per_second"}
///     sampler-benchmark record HISTORY.json DB NAME max|min      → {"trials", "seconds"}
///     sampler-benchmark optimize-mo FUNCTION nsga2|random TRIALS CHECKPOINT SEED... → {"hypervolume": [[at, end]...]}
///     sampler-benchmark ask-mo FUNCTION HISTORY REPEATS          → {"median_ms", "min_ms"} (NSGA-II)
let arguments = CommandLine.arguments.dropFirst().map { $0 }

func emit(_ fields: [Value.Field]) {
    print(JSONWriter().string(from: .object(fields)))
}

func sampler(_ name: String) -> any Sampler {
    switch name {
    case "tpe", "motpe": TPESampler(settings: SamplerSettings(multivariate: true, startupTrials: 10, candidates: 24))
    case "gp": GPSampler(startupTrials: 10)
    // The GP fitted to every trial however many there are, to check that the model's subset keeps quality.
    case "gp-full": GPSampler(startupTrials: 10, modelTrials: .max)
    default: RandomSampler()
    }
}

/// Reads a history written by bench.py: {"space": [...], "trials": [{"params", "value"}]}.
func loadHistory(_ path: String) throws -> (SearchSpace, [Trial]) {
    let document = try JSONParser.parse(try String(contentsOfFile: path, encoding: .utf8))
    guard case .list(let declarations)? = document["space"], case .list(let rows)? = document["trials"] else {
        fatalError("bad history file")
    }
    let parameters = declarations.map { declaration -> SearchParameter in
        let name = declaration["name"]!.stringValue!
        let low = declaration["low"]?.numericValue ?? 0
        let high = declaration["high"]?.numericValue ?? 0
        let logarithmic = declaration["log"] == .bool(true)
        switch declaration["type"]!.stringValue! {
        case "float":
            return SearchParameter(
                name: name,
                domain: .float(low: low, high: high, logarithmic: logarithmic, step: declaration["step"]?.numericValue))
        case "int":
            return SearchParameter(
                name: name, domain: .integer(low: Int64(low), high: Int64(high), logarithmic: logarithmic, step: 1))
        default:
            guard case .list(let choices)? = declaration["choices"] else { fatalError("categorical without choices") }
            return SearchParameter(name: name, domain: .categorical(choices))
        }
    }
    let trials = rows.enumerated().map { index, row -> Trial in
        guard case .object(let fields)? = row["params"] else { fatalError("trial without params") }
        return Trial(
            id: Int64(index + 1), studyID: 1, number: index, state: .completed,
            params: Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) }),
            value: row["value"]!.numericValue!, startedAt: 0, endedAt: 0)
    }
    return (SearchSpace(parameters: parameters), trials)
}

func milliseconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

switch arguments.first {
case "ask":
    let (space, trials) = try loadHistory(arguments[1])
    let chosen = sampler(arguments[2])
    let repeats = Int(arguments[3])!
    // A study keeps its trials' parameters as columns as they start, so its asks find them built;
    // "cold" asks build them from the trials as a one-off caller's would.
    let columns = TrialColumns(space: space, trials: trials)
    var times: [Double] = []
    var cold: [Double] = []
    for repeatIndex in 0..<repeats {
        let context = SamplingContext(
            space: space, trials: trials, columns: columns, goal: .minimize, seed: UInt64(repeatIndex))
        times.append(try milliseconds { _ = try chosen.suggest(context) })
        let coldContext = SamplingContext(space: space, trials: trials, goal: .minimize, seed: UInt64(repeatIndex))
        cold.append(try milliseconds { _ = try chosen.suggest(coldContext) })
    }
    times.sort()
    cold.sort()
    emit([
        Value.Field("median_ms", .float(times[times.count / 2])), Value.Field("min_ms", .float(times[0])),
        Value.Field("cold_median_ms", .float(cold[cold.count / 2])),
    ])
case "optimize":
    let function = TestFunction(rawValue: arguments[1])!
    let trials = Int(arguments[3])!
    var best: [Value] = []
    for seed in arguments.dropFirst(4).compactMap({ UInt64($0) }) {
        let study = try await Study.create(
            name: "bench", space: function.space, goal: .minimize, sampler: sampler(arguments[2]), seed: seed,
            store: MemoryStore())
        try await study.optimize(trials: trials) { function.value($0.params) }
        best.append(.float(await study.bestTrial!.value!))
    }
    emit([Value.Field("best", .list(best))])
case "throughput":
    let trials = Int(arguments[2])!
    let parallel = Int(arguments[3])!
    let store = try SQLiteStore(path: arguments[4])
    let space = SearchSpace(parameters: [
        SearchParameter(name: "x", domain: .float(low: -10, high: 10, logarithmic: false, step: nil))
    ])
    let study = try await Study.create(
        name: "throughput", space: space, goal: .minimize, sampler: sampler(arguments[1]), store: store)
    let start = DispatchTime.now().uptimeNanoseconds
    try await study.optimize(trials: trials, parallel: parallel) { trial in
        trial.params["x"]!.numericValue! * trial.params["x"]!.numericValue!
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    emit([Value.Field("trials_per_second", .float(Double(trials) / seconds)), Value.Field("seconds", .float(seconds))])
case "record":
    // Stores a history as a finished study: each trial's configuration is queued, asked and told its value.
    let (space, trials) = try loadHistory(arguments[1])
    let store = try SQLiteStore(path: arguments[2])
    let study = try await Study.create(
        name: arguments[3], space: space, goal: arguments[4] == "max" ? .maximize : .minimize, sampler: RandomSampler(),
        strategy: "random", store: store)
    let start = DispatchTime.now().uptimeNanoseconds
    for trial in trials {
        await study.enqueue(trial.params)
        guard let asked = try await study.ask() else { fatalError("the study stopped asking") }
        try await study.tell(asked, value: trial.value!)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    emit([Value.Field("trials", .int(Int64(trials.count))), Value.Field("seconds", .float(seconds))])
case "optimize-mo":
    let function = MultiObjectiveFunction(rawValue: arguments[1])!
    let trials = Int(arguments[3])!
    let checkpoint = Int(arguments[4])!
    let goals = [MetricGoal](repeating: .minimize, count: function.reference.count)
    var volumes: [Value] = []
    for seed in arguments.dropFirst(5).compactMap({ UInt64($0) }) {
        let sampler: any Sampler = arguments[2] == "nsga2" ? NSGA2Sampler(populationSize: 50) : sampler(arguments[2])
        let study = try await Study.create(
            name: "bench", space: function.space,
            objectives: goals.indices.map { StudyObjective(metric: "f\($0)", goal: .minimize) }, sampler: sampler,
            seed: seed, store: MemoryStore())
        var atCheckpoint = 0.0
        for number in 0..<trials {
            guard let trial = try await study.ask() else { break }
            try await study.tell(trial, values: function.values(trial.params))
            if number + 1 == checkpoint {
                let front = await study.paretoFront.compactMap(\.values)
                atCheckpoint = Hypervolume.of(front, reference: function.reference, goals: goals) ?? 0
            }
        }
        let front = await study.paretoFront.compactMap(\.values)
        let end = Hypervolume.of(front, reference: function.reference, goals: goals) ?? 0
        volumes.append(.list([.float(atCheckpoint), .float(end)]))
    }
    emit([Value.Field("hypervolume", .list(volumes))])
case "ask-mo":
    // NSGA-II's ask after a history of finished trials, as (a) times the other samplers.
    let function = MultiObjectiveFunction(rawValue: arguments[1])!
    let count = Int(arguments[2])!
    let repeats = Int(arguments[3])!
    let goals = [MetricGoal](repeating: .minimize, count: function.reference.count)
    // The history is NSGA-II's own, as Optuna's is in bench.py: its population remembered as it evolves.
    let sampler = NSGA2Sampler(populationSize: 50)
    var history: [Trial] = []
    for number in 0..<count {
        let context = SamplingContext(space: function.space, trials: history, goal: .minimize, goals: goals, seed: 1)
        let params = try sampler.suggest(context)!
        let values = function.values(params)
        history.append(
            Trial(
                id: Int64(number + 1), studyID: 1, number: number, state: .completed, params: params,
                value: values[0], values: values, startedAt: 0, endedAt: 0))
    }
    var times: [Double] = []
    for repeatIndex in 0..<repeats {
        let context = SamplingContext(
            space: function.space, trials: history, goal: .minimize, goals: goals, seed: UInt64(repeatIndex))
        times.append(try milliseconds { _ = try sampler.suggest(context) })
    }
    times.sort()
    emit([Value.Field("median_ms", .float(times[times.count / 2])), Value.Field("min_ms", .float(times[0]))])
default:
    FileHandle.standardError.write(Data("usage: sampler-benchmark ask|optimize|throughput|record ...\n".utf8))
    exit(2)
}
