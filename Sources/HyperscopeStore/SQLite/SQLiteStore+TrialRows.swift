import GRDB
import HyperscopeCore

extension SQLiteStore {
    /// The trials matching a condition on the `trial` table, by number.
    ///
    /// Rows are read a batch at a time, and each batch's JSON fields (parameters, intermediate
    /// values, run keys, objectives) decoded on every core: most of reading a study of 100,000
    /// trials is that decoding. Only one batch's text is held at once.
    static func fetchTrials(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [Trial] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(StoredTrialRow.columns) FROM trial WHERE \(condition) ORDER BY number")
        var trials: [Trial] = []
        var batch: [StoredTrialRow] = []
        func decodeBatch() throws {
            let rows = batch
            let pieces = concurrentPieces(of: rows.count, minimumPiece: 1_024) { range in
                Result { try rows[range].map { try $0.trial() } }
            }
            for piece in pieces { trials += try piece.get() }
            batch.removeAll(keepingCapacity: true)
        }
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() {
            batch.append(try StoredTrialRow(row))
            if batch.count == Self.trialBatch { try decodeBatch() }
        }
        try decodeBatch()
        return trials
    }

    /// How many trials' rows ``fetchTrials(_:where:arguments:)`` reads before decoding them.
    private static let trialBatch = 8_192
}

/// A row of the `trial` table as read, its JSON fields still text.
private struct StoredTrialRow: Sendable {
    /// The columns read, in the order ``init(_:)`` reads them by position: a study of 100,000
    /// trials is read without looking up a column's name 1,800,000 times.
    static let columns = """
        id, study_id, number, state, params, value, value_count, value_std, value_ci_low, value_ci_high, \
        intermediate, started_at, ended_at, message, attempts, run_keys, objective_values, constraint_violation
        """

    let id: Int64
    let studyID: Int64
    let number: Int
    let state: TrialState
    let params: String
    let value: Double?
    let valueCount: Int?
    let valueStandardDeviation: Double?
    let valueLow: Double?
    let valueHigh: Double?
    let intermediate: String
    let startedAt: Double
    let endedAt: Double?
    let message: String?
    let attempts: Int
    let runKeys: String
    let objectiveValues: String?
    let constraintViolation: Double?

    /// Reads a row of ``columns``.
    ///
    /// - Throws: ``StoreError`` (corrupt) for a state this version does not know.
    init(_ row: Row) throws {
        id = row[0]
        let stateName: String = row[3]
        guard let state = TrialState(rawValue: stateName) else {
            throw StoreError(.corrupt, "stored trial \(id) has an unknown state '\(stateName)'")
        }
        self.state = state
        studyID = row[1]
        number = row[2]
        params = row[4]
        value = row[5]
        valueCount = row[6]
        valueStandardDeviation = row[7]
        valueLow = row[8]
        valueHigh = row[9]
        intermediate = row[10]
        startedAt = row[11]
        endedAt = row[12]
        message = row[13]
        attempts = row[14]
        runKeys = row[15]
        objectiveValues = row[16]
        constraintViolation = row[17]
    }

    /// The trial, its JSON fields decoded.
    ///
    /// - Throws: ``StoreError`` (corrupt) naming the trial's column that does not hold what it should.
    func trial() throws -> Trial {
        let summary = valueCount.map { count in
            TrialValueSummary(
                count: count, standardDeviation: valueStandardDeviation,
                confidenceInterval95: valueLow.flatMap { low in valueHigh.map { low...$0 } })
        }
        let objectives = try objectiveValues.map(decodeObjectives)
        var trial = Trial(
            id: id, studyID: studyID, number: number, state: state,
            params: try RunFieldCoding.decodeDictionary(params, column: "trial.params"), value: value,
            valueSummary: summary, values: objectives?.values, valueSummaries: objectives?.summaries,
            intermediateValues: try RunFieldCoding.decodeIntermediateValues(intermediate),
            startedAt: startedAt, endedAt: endedAt, message: message, attempts: attempts,
            runKeys: try RunFieldCoding.decodeStrings(runKeys, column: "trial.run_keys"))
        trial.constraintViolation = constraintViolation
        return trial
    }

    /// Each objective's mean and summary, from the list of `{mean, n, std, ci95}` objects stored.
    private func decodeObjectives(_ text: String) throws -> (values: [Double], summaries: [TrialValueSummary]) {
        guard case .list(let items) = try RunFieldCoding.decodeValue(text, column: "trial.objective_values") else {
            throw StoreError(.corrupt, "stored trial \(id) has unreadable objective values")
        }
        let summaries = items.map { item in
            let interval: ClosedRange<Double>? =
                if case .list(let bounds)? = item["ci95"], bounds.count == 2, let low = bounds[0].numericValue,
                    let high = bounds[1].numericValue, low <= high
                {
                    low...high
                } else {
                    nil
                }
            return TrialValueSummary(
                count: Int(item["n"]?.numericValue ?? 0), standardDeviation: item["std"]?.numericValue,
                confidenceInterval95: interval)
        }
        return (items.map { $0["mean"]?.numericValue ?? .nan }, summaries)
    }
}
