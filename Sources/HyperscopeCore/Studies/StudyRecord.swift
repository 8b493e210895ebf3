/// A stored study: a named search, what it optimises and how it was started.
///
/// The record keeps everything needed to reproduce or resume the search: the resolved
/// configuration (as JSON), the tool version, the host, and the git commit and dirty state of the
/// working directory at the start.
public struct StudyRecord: Sendable, Hashable, Identifiable {
    /// The store's number for the study; `nil` until stored.
    public var id: Int64?
    /// The study's unique name.
    public var name: String
    /// The objective metric (a key of the child's JSON lines, `val/acc` or `objective`); the first of
    /// ``objectives`` in a multi-objective study.
    public var metric: String
    /// Whether larger or smaller objective values are better (of the first objective).
    public var goal: MetricGoal
    /// Every objective, in order: one for a single-objective study (``metric`` and ``goal``), several
    /// for a search of trade-offs.
    public var objectives: [StudyObjective]
    /// The sampling strategy's name (`grid`, `random`, `tpe`, `gp`).
    public var strategy: String
    /// The resolved search configuration, as a JSON object.
    public var configuration: Value
    /// The Hyperscope version that started the study.
    public var toolVersion: String
    /// The machine's host name.
    public var host: String
    /// When the study was created, in seconds since 1970.
    public var startedAt: Double
    /// The git commit of the working directory, when it is a repository.
    public var gitCommit: String?
    /// Whether the working tree had uncommitted changes; `nil` outside a repository.
    public var gitDirty: Bool?

    /// Creates a study record.
    ///
    /// - Parameter objectives: Every objective when there are several; empty for the one of `metric` and
    ///   `goal`. `metric` and `goal` must then be the first's.
    public init(
        id: Int64? = nil, name: String, metric: String, goal: MetricGoal, objectives: [StudyObjective] = [],
        strategy: String, configuration: Value, toolVersion: String,
        host: String, startedAt: Double, gitCommit: String? = nil, gitDirty: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.metric = metric
        self.goal = goal
        self.objectives = objectives.isEmpty ? [StudyObjective(metric: metric, goal: goal)] : objectives
        self.strategy = strategy
        self.configuration = configuration
        self.toolVersion = toolVersion
        self.host = host
        self.startedAt = startedAt
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
    }

    /// Whether the study looks for trade-offs between several objectives.
    public var isMultiObjective: Bool { objectives.count > 1 }
}
