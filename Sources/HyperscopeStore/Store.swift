import HyperscopeCore

/// Where Hyperscope keeps runs, their curves, ingestion problems and ingestion progress.
///
/// One protocol, several backends: ``MemoryStore`` for tests and throwaway work, ``SQLiteStore``
/// (the embedded default) and, for many machines, PostgreSQL. Every backend passes the same
/// conformance tests. Methods are `async` because real backends wait on a database. Failures are
/// ``StoreError``s whose ``StoreError/code`` tells an unavailable database from a missing study.
///
/// ## Topics
///
/// ### Runs
/// - ``save(_:)``
/// - ``runs(includingCurves:)``
/// - ``runTable()``
/// - ``run(id:)``
/// - ``run(key:)``
/// - ``deleteRuns(ids:)``
/// - ``replaceDerivedParameters(_:)``
///
/// ### Ingestion progress and problems
/// - ``sourceFileState(path:)``
/// - ``problems()``
///
/// ### Studies and trials
/// - ``createStudy(_:)``
/// - ``study(named:)``
/// - ``studies()``
/// - ``deleteStudy(id:)``
/// - ``startTrial(studyID:params:startedAt:)``
/// - ``saveTrial(_:runs:)``
/// - ``trials(studyID:)``
/// - ``interruptRunningTrials(studyID:endedAt:reason:)``
///
/// ### One orchestrator per study
/// - ``studyLease(studyID:)``
/// - ``takeStudyLease(_:replacing:)``
/// - ``renewStudyLease(_:)``
/// - ``releaseStudyLease(_:)``
public protocol Store: Sendable {
    /// Saves what reading one file produced, in one transaction: its runs (inserted or replaced by
    /// key), its problems, its progress. Runs the file produced before whose keys are no longer in
    /// the new state's ``SourceFileState/runKeys`` are deleted; the others are kept even when this
    /// reading did not produce them (a file that became unreadable keeps its stored runs).
    ///
    /// - Returns: One outcome per run, in order.
    func save(_ ingestion: FileIngestion) async throws -> [RunWriteOutcome]

    /// Every run, in id order.
    ///
    /// - Parameter includingCurves: Whether to load the curves too; listings that need only
    ///   parameters and metadata pass `false`.
    func runs(includingCurves: Bool) async throws -> [Run]

    /// Every run as columns, in id order: equal to ``HyperscopeCore/RunTable/init(_:)`` of
    /// ``runs(includingCurves:)``, read without decoding every run (a database keeps it up to date
    /// as runs are written).
    func runTable() async throws -> RunTable

    /// The attributes of the runs whose ids are in `ids` (a run with none, or not stored, is left
    /// out): what a run's document needs besides ``runTable()``.
    func runAttributes(ids: [Int64]) async throws -> [Int64: [String: Value]]

    /// The run with this id, with its curves, or `nil`.
    func run(id: Int64) async throws -> Run?

    /// The run with this key, with its curves, or `nil`.
    func run(key: String) async throws -> Run?

    /// Every stored ingestion problem, by file and line.
    func problems() async throws -> [IngestProblem]

    /// How far a file was read, or `nil` if it never was.
    func sourceFileState(path: String) async throws -> SourceFileState?

    /// Replaces the derived parameters of runs, in one transaction: for each run id given, the keys it
    /// was given by the previous call are removed from its parameters and `values` are set (their
    /// keys are remembered in the run's attributes under `derived_keys`). Other runs are untouched.
    func replaceDerivedParameters(_ valuesByRun: [Int64: [String: Value]]) async throws

    /// Replaces a stored run's record, found by its key: its fields, attributes and curves (its id stays),
    /// in one transaction. Its source file's state is untouched.
    ///
    /// - Throws: ``StoreError`` (not found) when no run has the key.
    func update(_ run: Run) async throws

    /// The attributes of the runs read from `source` that have artifacts attached after their log was read
    /// (``HyperscopeCore/RunArtifact/attached``), by run key, read without curves: what a new reading of
    /// the file keeps.
    func runsWithAttachedArtifacts(source: String) async throws -> [String: [String: Value]]

    /// Deletes runs and their curves, in one transaction. The source files they were read from
    /// forget them, so ingesting an unchanged file again does not bring them back; a file that
    /// changes, or `ingest --rescan`, reads them again.
    ///
    /// - Returns: The runs deleted, without curves; ids that match no run are passed by.
    func deleteRuns(ids: [Int64]) async throws -> [Run]

    // MARK: Studies

    /// Deletes a study, its trials, and the runs its trials stored, in one transaction.
    ///
    /// - Returns: The runs deleted, without curves (their sources name the trial folders).
    /// - Throws: ``StoreError`` when no study has that id.
    func deleteStudy(id: Int64) async throws -> [Run]

    /// Stores a new study.
    ///
    /// - Returns: The study with its id.
    /// - Throws: ``StoreError`` when a study of that name exists.
    func createStudy(_ study: StudyRecord) async throws -> StudyRecord

    /// The study named `name`, or `nil`.
    func study(named name: String) async throws -> StudyRecord?

    /// Every study, in creation order.
    func studies() async throws -> [StudyRecord]

    /// Starts a trial of a study: stores it as running with the next free number, atomically, so
    /// concurrent workers never get the same number.
    ///
    /// - Returns: The stored trial, with its id and number.
    func startTrial(studyID: Int64, params: [String: Value], startedAt: Double) async throws -> Trial

    /// Saves a trial's state and its repeats' runs in one transaction: once it returns, a finished
    /// trial survives any crash of the caller.
    ///
    /// - Throws: ``StoreError`` when the trial was never started.
    func saveTrial(_ trial: Trial, runs: [Run]) async throws

    /// The trials of a study, by number.
    func trials(studyID: Int64) async throws -> [Trial]

    /// The lease on a study (which orchestrator runs it), or `nil` when none holds it.
    func studyLease(studyID: Int64) async throws -> StudyLease?

    /// Takes the lease on a study atomically: when no one holds it, or when it is still held by
    /// `replacing`'s holder (a dead or stale holder the caller decided to replace).
    ///
    /// - Returns: Whether the lease was taken; `false` when another holder got there first.
    func takeStudyLease(_ lease: StudyLease, replacing: StudyLease?) async throws -> Bool

    /// Renews a lease its holder still holds (``StudyLease/renewedAt``).
    ///
    /// - Returns: `false` when the lease is no longer this holder's.
    func renewStudyLease(_ lease: StudyLease) async throws -> Bool

    /// Gives up a lease; nothing happens when another holder has it.
    func releaseStudyLease(_ lease: StudyLease) async throws

    /// Marks the study's running trials as interrupted (their orchestrator is gone).
    ///
    /// - Returns: The trials that were marked.
    func interruptRunningTrials(studyID: Int64, endedAt: Double, reason: String) async throws -> [Trial]
}

extension Run {
    /// The attribute that remembers which parameters were derived, so a later backfill can replace them.
    public static let derivedKeysAttribute = "derived_keys"

    /// The run with its previously derived parameters replaced by `values`.
    public func replacingDerivedParameters(with values: [String: Value]) -> Run {
        var run = self
        if case .list(let previous)? = attributes[Run.derivedKeysAttribute] {
            for key in previous.compactMap(\.stringValue) { run.params[key] = nil }
        }
        for (key, value) in values { run.params[key] = value }
        run.attributes[Run.derivedKeysAttribute] = values.isEmpty ? nil : .list(values.keys.sorted().map(Value.string))
        return run
    }
}

/// A storage failure a user can act on: what kind (``code``) and what went wrong, naming the
/// database or the stored item where that helps.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of what went wrong; new codes may be added.
    public typealias Code = ErrorCode<StoreError>

    /// What kind of failure it is.
    public let code: Code
    /// What went wrong.
    public let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension ErrorCode where Domain == StoreError {
    /// The database cannot be created, opened, read or written (its folder, permissions, the
    /// disk, a lock held too long).
    public static var unavailable: Self { Self("store-unavailable") }

    /// Something stored cannot be read back: the database was damaged or written by a newer version.
    public static var corrupt: Self { Self("store-corrupt") }

    /// A study of that name is stored already.
    public static var studyExists: Self { Self("study-exists") }

    /// The name cannot name a study.
    public static var invalidStudyName: Self { Self("invalid-study-name") }

    /// The study or trial asked for is not stored.
    public static var notFound: Self { Self("store-not-found") }

    /// The request cannot be carried out as asked (a trial saved before it was started).
    public static var invalidRequest: Self { Self("store-invalid-request") }
}
