import HyperscopeCore

/// Reads the journal an Optuna study writes with `JournalStorage` (`JournalFileBackend`): one JSON
/// object a line, each an operation on a study or a trial, replayed in order into one run per trial.
///
/// ```
/// {"op_code":0,"worker_id":"…","study_name":"demo","directions":[2]}
/// {"op_code":4,"worker_id":"…","study_id":0,"datetime_start":"2024-05-18T02:40:00.503087+00:00"}
/// {"op_code":5,"worker_id":"…","trial_id":0,"param_name":"opt","param_value_internal":1,
///  "distribution":"{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"adam\", \"sgd\"]}}"}
/// {"op_code":7,"worker_id":"…","trial_id":0,"step":0,"intermediate_value":0.51}
/// {"op_code":6,"worker_id":"…","trial_id":0,"state":1,"values":[0.81],"datetime_complete":"…"}
/// ```
///
/// Operations are told apart by their fields rather than their codes, which changed between Optuna
/// versions. Runs are named `<study>#<number>` and hold what Optuna's `trials_dataframe()` export
/// gives (so both read alike): parameters decoded from their distributions (a categorical's index
/// as its choice), `value` (or `values_0`, `values_1`, … for several objectives) as metrics, the
/// intermediate values as the curve `intermediate_value` over `step`, the state as the status
/// (`COMPLETE` completed, `PRUNED` pruned, `FAIL` failed, `RUNNING` running), user attributes as
/// `user_attrs_*` attributes and the study's directions as `optuna.directions`. Waiting trials
/// (queued, never started) and trials of deleted studies give no run.
enum OptunaJournalReading {
    /// Whether a JSON-lines file's first record is an operation of an Optuna journal.
    static func recognises(_ record: Value) -> Bool {
        record["op_code"] != nil && record["worker_id"] != nil
    }

    private struct Study {
        var name: String
        var directions: [String] = []
        var deleted = false
        var trialCount = 0
    }

    private struct Trial {
        var study: Int
        var number: Int
        var state = 0
        var run: Run
        var curves = CurveAccumulator()
    }

    /// Optuna's trial states, by number.
    private enum State {
        static let running = 0, complete = 1, pruned = 2, fail = 3, waiting = 4
    }

    /// Replays the journal `bytes` of the file at `source` into runs.
    static func read(_ bytes: [UInt8], source: String) -> (runs: [Run], problems: [IngestProblem]) {
        var studies: [Study] = []
        var trials: [Trial] = []
        var problems: [IngestProblem] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
            let record: Value
            do throws(JSONSyntaxError) {
                record = try JSONParser.parse(Array(line))
            } catch {
                problems.append(
                    IngestProblem(
                        file: source, line: lineNumber, column: error.column, reason: "malformed JSON: \(error.reason)")
                )
                continue
            }
            if let name = record["study_name"]?.stringValue {
                studies.append(Study(name: name, directions: directions(record["directions"])))
            } else if let trialID = record["trial_id"]?.numericValue.map(Int.init) {
                guard trials.indices.contains(trialID) else {
                    problems.append(
                        IngestProblem(file: source, line: lineNumber, reason: "trial_id \(trialID) was never created"))
                    continue
                }
                apply(record, to: &trials[trialID], line: lineNumber, source: source, problems: &problems)
            } else if let studyID = record["study_id"]?.numericValue.map(Int.init), studies.indices.contains(studyID) {
                if case .object(let fields) = record, fields.contains(where: { $0.key == "datetime_start" }) {
                    trials.append(newTrial(record, study: studyID, studies: &studies, source: source))
                } else if record["directions"] != nil {
                    studies[studyID].directions = directions(record["directions"])
                } else if record["user_attr"] == nil, record["system_attr"] == nil {
                    studies[studyID].deleted = true
                }
            }
        }
        let runs = trials.compactMap { trial -> Run? in
            let study = studies[trial.study]
            guard !study.deleted, trial.state != State.waiting else { return nil }
            var run = trial.run
            run.curves = trial.curves.curves
            run.attributes["optuna.study"] = .string(study.name)
            run.attributes["optuna.directions"] = .list(study.directions.map(Value.string))
            return run
        }
        return (runs, problems)
    }

    /// `MINIMIZE`/`MAXIMIZE` names of the direction numbers Optuna writes.
    private static func directions(_ value: Value?) -> [String] {
        guard case .list(let items)? = value else { return [] }
        return items.map { $0.numericValue == 2 ? "maximize" : $0.numericValue == 1 ? "minimize" : "not set" }
    }

    /// A trial created in `study`, with what its creation record already holds (an enqueued or added
    /// trial's state, parameters, values).
    private static func newTrial(_ record: Value, study: Int, studies: inout [Study], source: String) -> Trial {
        let number = studies[study].trialCount
        studies[study].trialCount += 1
        let name = studies[study].name
        var trial = Trial(
            study: study, number: number,
            run: Run(
                key: "\(source)#\(name)#\(number)", name: "\(name)#\(number)", source: source, format: .optunaJournal,
                status: .running))
        trial.run.attributes["number"] = .int(Int64(number))
        trial.run.startedAt = record["datetime_start"].flatMap(Timestamp.seconds(from:))
        if let state = record["state"]?.numericValue { trial.state = Int(state) }
        if case .object(let params)? = record["params"], case .object(let distributions)? = record["distributions"] {
            for param in params {
                let distribution = distributions.first { $0.key == param.key }?.value.stringValue
                trial.run.params[param.key] = decoded(param.value, distribution: distribution)
            }
        }
        if case .object(let attributes)? = record["user_attrs"] {
            for attribute in attributes { trial.run.attributes["user_attrs_" + attribute.key] = attribute.value }
        }
        setValues(record["values"] ?? record["value"].map { .list([$0]) }, of: &trial)
        setStatus(of: &trial)
        return trial
    }

    /// Applies one trial operation.
    private static func apply(
        _ record: Value, to trial: inout Trial, line: Int, source: String, problems: inout [IngestProblem]
    ) {
        if let name = record["param_name"]?.stringValue, let stored = record["param_value_internal"] {
            trial.run.params[name] = decoded(stored, distribution: record["distribution"]?.stringValue)
        } else if let value = record["intermediate_value"], let step = record["step"]?.numericValue {
            if let number = value.numericValue {
                trial.curves.append(number, to: MetricKey(parsing: "intermediate_value"), at: [("step", step)])
            }
        } else if case .object(let attributes)? = record["user_attr"] {
            for attribute in attributes { trial.run.attributes["user_attrs_" + attribute.key] = attribute.value }
        } else if let state = record["state"]?.numericValue.map(Int.init) {
            // A worker takes a waiting trial by setting it running; finished trials stay as they ended.
            guard trial.state == State.running || trial.state == State.waiting else { return }
            guard state != State.running || trial.state == State.waiting else { return }
            trial.state = state
            if state == State.running {
                trial.run.startedAt = record["datetime_start"].flatMap(Timestamp.seconds(from:)) ?? trial.run.startedAt
            }
            trial.run.endedAt = record["datetime_complete"].flatMap(Timestamp.seconds(from:))
            setValues(record["values"], of: &trial)
            setStatus(of: &trial)
        }
    }

    /// The trial's objective values as metrics: `value` for one, `values_0`, `values_1`, … for more.
    private static func setValues(_ values: Value?, of trial: inout Trial) {
        guard case .list(let items)? = values else { return }
        for (index, item) in items.enumerated() {
            guard let number = item.numericValue else { continue }
            let name = items.count == 1 ? "value" : "values_\(index)"
            trial.curves.append(number, to: MetricKey(split: "", metric: name))
        }
    }

    private static func setStatus(of trial: inout Trial) {
        switch trial.state {
        case State.complete: trial.run.status = .completed
        case State.pruned: trial.run.status = .pruned
        case State.fail: trial.run.status = .failed
        default: trial.run.status = .running
        }
    }

    /// A parameter's value from Optuna's internal one: a categorical's index as its choice, an
    /// integer distribution's value as an integer, others as floats.
    private static func decoded(_ stored: Value, distribution: String?) -> Value {
        guard let distribution, let parsed = try? JSONParser.parse(distribution),
            let kind = parsed["name"]?.stringValue
        else { return stored }
        switch kind {
        case "CategoricalDistribution":
            guard case .list(let choices)? = parsed["attributes"]?["choices"], let index = stored.numericValue,
                choices.indices.contains(Int(index))
            else { return stored }
            return choices[Int(index)]
        case "IntDistribution", "IntUniformDistribution", "IntLogUniformDistribution":
            return stored.numericValue.map { .int(Int64($0)) } ?? stored
        default:
            return stored.numericValue.map(Value.float) ?? stored
        }
    }
}
