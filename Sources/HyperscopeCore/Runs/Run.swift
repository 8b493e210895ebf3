/// One training run: its hyperparameters, metadata, messages and metric curves.
///
/// A run comes from one log file, one row of a trial table, one entry of a search results file, or
/// (later) one trial of a search. Its ``key`` says where it came from and stays the same when the
/// source is read again, so re-ingesting updates the run instead of adding a copy.
public struct Run: Sendable, Hashable, Identifiable {
    /// The run's fields, shared between copies until one of them changes (copy on write): a run
    /// holds a dozen strings, dictionaries and arrays, and the dashboard copies 100,000 runs at a
    /// time into each filtered selection, which then costs one reference count each.
    /// The collections are changed in place (`_modify`), so that `run.params[key] = value` does
    /// not copy the whole dictionary; a plain setter would.
    private var storage: Storage

    /// The store's number for the run; `nil` until the run is first stored.
    public var id: Int64? {
        get { storage.fields.id }
        set { fields.id = newValue }
    }
    /// The stable identity of the run's source: the file path, plus `#row` for table rows.
    public var key: String {
        get { storage.fields.key }
        set { fields.key = newValue }
    }
    /// A short name for tables: the log file's name or the table row's trial name.
    public var name: String {
        get { storage.fields.name }
        set { fields.name = newValue }
    }
    /// The file the run was read from.
    public var source: String {
        get { storage.fields.source }
        set { fields.source = newValue }
    }
    /// The format the source was read as.
    public var format: LogFormat {
        get { storage.fields.format }
        set { fields.format = newValue }
    }
    /// Where the run stands.
    public var status: RunStatus {
        get { storage.fields.status }
        set { fields.status = newValue }
    }
    /// Why the run has its status, when that is not obvious ("val/acc1 has 3 of 5 epochs").
    public var statusReason: String? {
        get { storage.fields.statusReason }
        set { fields.statusReason = newValue }
    }
    /// The hyperparameters, flattened to dotted keys.
    public var params: [String: Value] {
        get { storage.fields.params }
        _modify { yield &fields.params }
    }
    /// When the run started, in seconds since 1970.
    public var startedAt: Double? {
        get { storage.fields.startedAt }
        set { fields.startedAt = newValue }
    }
    /// When the run ended, in seconds since 1970.
    public var endedAt: Double? {
        get { storage.fields.endedAt }
        set { fields.endedAt = newValue }
    }
    /// The training time the run reported, in seconds.
    public var trainingSeconds: Double? {
        get { storage.fields.trainingSeconds }
        set { fields.trainingSeconds = newValue }
    }
    /// The git commit the run was trained at, when it logged one.
    public var gitCommit: String? {
        get { storage.fields.gitCommit }
        set { fields.gitCommit = newValue }
    }
    /// Lines of text the run logged.
    public var messages: [RunMessage] {
        get { storage.fields.messages }
        _modify { yield &fields.messages }
    }
    /// The metric curves, in the order first logged.
    public var curves: [MetricCurve] {
        get { storage.fields.curves }
        _modify { yield &fields.curves }
    }
    /// Fields of the source that Hyperscope has no place for, kept rather than dropped.
    public var attributes: [String: Value] {
        get { storage.fields.attributes }
        _modify { yield &fields.attributes }
    }

    /// Creates a run.
    public init(
        id: Int64? = nil, key: String, name: String, source: String, format: LogFormat,
        status: RunStatus = .incomplete, statusReason: String? = nil, params: [String: Value] = [:],
        startedAt: Double? = nil, endedAt: Double? = nil, trainingSeconds: Double? = nil, gitCommit: String? = nil,
        messages: [RunMessage] = [], curves: [MetricCurve] = [], attributes: [String: Value] = [:]
    ) {
        storage = Storage(
            Fields(
                id: id, key: key, name: name, source: source, format: format, status: status,
                statusReason: statusReason,
                params: params, startedAt: startedAt, endedAt: endedAt, trainingSeconds: trainingSeconds,
                gitCommit: gitCommit,
                messages: messages, curves: curves, attributes: attributes))
    }

    /// Runs are equal when all their fields are.
    public static func == (left: Run, right: Run) -> Bool {
        left.storage === right.storage || left.storage.fields == right.storage.fields
    }

    /// Hashes all the fields.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }

    /// The fields, for changing: copied first when another run shares them.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// Everything a run holds.
    private struct Fields: Hashable {
        var id: Int64?
        var key: String
        var name: String
        var source: String
        var format: LogFormat
        var status: RunStatus
        var statusReason: String?
        var params: [String: Value]
        var startedAt: Double?
        var endedAt: Double?
        var trainingSeconds: Double?
        var gitCommit: String?
        var messages: [RunMessage]
        var curves: [MetricCurve]
        var attributes: [String: Value]
    }

    /// The shared box of a run's fields. Changed only through ``fields``, which first copies it
    /// unless this run holds the only reference, so no two threads ever see it change.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    /// The curve for a key, if the run logged that metric.
    public func curve(_ key: MetricKey) -> MetricCurve? {
        curves.first { $0.key == key }
    }

    /// Adds one to the integer attribute `key` (counting unknown events, for example), starting from 0.
    public mutating func incrementCount(attribute key: String) {
        if case .int(let count)? = attributes[key] {
            attributes[key] = .int(count + 1)
        } else {
            attributes[key] = .int(1)
        }
    }

    /// Sets parameters from a nested configuration, flattening it to dotted keys.
    public mutating func setParams(fromConfig config: Value, prefix: String = "") {
        for (key, value) in config.flattened(prefix: prefix) {
            params[key] = value
        }
    }
}
