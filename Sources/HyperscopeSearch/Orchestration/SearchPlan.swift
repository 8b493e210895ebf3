import Foundation
import HyperscopeCore
import HyperscopeStore

/// What a search will run: the configuration (read from a file, or the one stored with the study
/// when resuming) with any changes applied, and the study it belongs to. Checked in full before
/// anything runs.
///
/// ```swift
/// let plan = try await SearchPlan.newStudy(configurationFile: "search.yaml", store: store)
/// let search = try await PreparedSearch.prepare(plan, store: store, runsFolder: "runs")
/// let outcome = try await search.run { event in print(event) }
/// ```
///
/// ## Topics
///
/// ### Planning a search
/// - ``newStudy(configurationFile:section:overrides:changes:studyName:store:)``
/// - ``newStudy(_:configuration:sourceName:store:)``
/// - ``resume(studyNamed:changes:store:)``
/// - ``Changes``
///
/// ### What the plan holds
/// - ``configuration``
/// - ``studyName``
/// - ``existingStudy``
/// - ``sourceName``
/// - ``stored``
public struct SearchPlan: Sendable {
    /// Changes to a configuration, as command-line options give them; `nil` keeps the configuration's.
    public struct Changes: Sendable {
        /// The objective command, replacing the configuration's (checked as its own, so its errors name it).
        public var command: [String]?
        /// The sampler.
        public var strategy: SearchStrategy?
        /// Whether to pick the sampler by the number of objectives (`--strategy auto`, see
        /// ``SearchStrategy/automatic(objectives:)``); it wins over ``strategy``.
        public var automaticStrategy = false
        /// The trial budget (when resuming: in all).
        public var trials: Int?
        /// Runs per configuration.
        public var repeats: Int?
        /// Commands run at once.
        public var parallel: Int?
        /// The sampler's seed.
        public var seed: UInt64?
        /// How the replacing command is named in its errors.
        public var commandLabel: String

        /// Changes that leave everything as configured unless given.
        public init(
            command: [String]? = nil, strategy: SearchStrategy? = nil, trials: Int? = nil, repeats: Int? = nil,
            parallel: Int? = nil,
            seed: UInt64? = nil, commandLabel: String = "the command"
        ) {
            self.command = command
            self.strategy = strategy
            self.trials = trials
            self.repeats = repeats
            self.parallel = parallel
            self.seed = seed
            self.commandLabel = commandLabel
        }

        func applied(to configuration: SearchConfiguration) throws -> SearchConfiguration {
            var changed = configuration
            if let command { changed.objective.command = command }
            if let strategy { changed.strategy = strategy }
            let objectives = changed.objective.objectives.count
            if automaticStrategy { changed.strategy = .automatic(objectives: objectives) }
            if objectives > 1, !changed.strategy.sampler().handlesSeveralObjectives {
                throw ConfigurationError(
                    .invalidValue,
                    "--strategy " + changed.strategy.refusal(objectives: objectives)
                )
            }
            if let trials { changed.trials = trials }
            if let repeats { changed.repeats = repeats }
            if let parallel { changed.parallel = parallel }
            if let seed { changed.seed = seed }
            if command != nil {
                // Checked as the command line's own, so its errors name it rather than the file.
                var commandOnly = changed
                commandOnly.objective.workingDirectory = nil
                try commandOnly.validate(commandLabel: commandLabel)
            }
            return changed
        }
    }

    /// The configuration to run.
    public var configuration: SearchConfiguration
    /// The study's name.
    public var studyName: String
    /// The stored study when resuming.
    public var existingStudy: StudyRecord?
    /// Where the configuration came from, for messages.
    public var sourceName: String

    /// What is stored with a new study, so resuming it needs nothing else.
    public var stored: StoredSearchConfiguration { StoredSearchConfiguration(configuration, source: sourceName) }

    /// A plan for a new study from a configuration file.
    ///
    /// - Parameters:
    ///   - section: A named section of the file that overrides its root.
    ///   - overrides: `key.path=value` changes to the file's keys.
    ///   - studyName: The study's name; else the file's `study`, else `search-DATE-TIME`.
    /// - Throws: ``ConfigurationError`` for a file that does not read or a configuration that cannot
    ///   run (a changed command's errors name it by ``Changes/commandLabel``); ``SearchPlanError``
    ///   for a name that cannot name a study or is taken.
    public static func newStudy(
        configurationFile path: String, section: String? = nil, overrides: [String] = [], changes: Changes = Changes(),
        studyName: String? = nil, store: any Store
    ) async throws -> SearchPlan {
        let configuration = try SearchConfigurationFile.load(path: path, section: section, overrides: overrides)
        let name = studyName ?? configuration.study ?? generatedName()
        return try await newStudy(
            name, configuration: changes.applied(to: configuration), sourceName: path, store: store)
    }

    /// A plan for a new study from a configuration built in code (or read and changed by the caller).
    ///
    /// - Throws: ``ConfigurationError`` for a configuration that cannot run; ``SearchPlanError`` for a
    ///   name that cannot name a study or is taken.
    public static func newStudy(
        _ studyName: String, configuration: SearchConfiguration, sourceName: String, store: any Store
    ) async throws -> SearchPlan {
        try validate(configuration, sourceName: sourceName)
        if let problem = StudyRecord.nameProblem(studyName) {
            throw SearchPlanError(.invalidStudyName, problem, study: studyName)
        }
        if try await store.study(named: studyName) != nil {
            throw SearchPlanError(.studyExists, "a study named '\(studyName)' exists", study: studyName)
        }
        return SearchPlan(
            configuration: configuration, studyName: studyName, existingStudy: nil, sourceName: sourceName)
    }

    /// A plan that continues a stored study with the configuration stored with it.
    ///
    /// - Throws: ``SearchPlanError`` when no study has the name, or it stored no configuration or
    ///   one that no longer reads; ``ConfigurationError`` when the configuration with `changes` cannot run.
    public static func resume(
        studyNamed name: String, changes: Changes = Changes(), store: any Store
    ) async throws -> SearchPlan {
        guard let record = try await store.study(named: name) else {
            throw SearchPlanError(.studyNotFound, "no study named '\(name)' to resume", study: name)
        }
        let stored = try StoredSearchConfiguration(stored: record.configuration, study: record.name)
        let sourceName = "the configuration stored with study \(name)"
        let configuration = try changes.applied(to: stored.configuration)
        try validate(configuration, sourceName: sourceName)
        return SearchPlan(configuration: configuration, studyName: name, existingStudy: record, sourceName: sourceName)
    }

    /// Validates `configuration`; its errors are located in `sourceName` when they have no file.
    private static func validate(_ configuration: SearchConfiguration, sourceName: String) throws {
        do {
            try configuration.validate()
        } catch let error as ConfigurationError {
            throw error.located(inFile: sourceName)
        }
    }

    /// `search-` and the local date and time, such as `search-20261206-041500`.
    static func generatedName() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "search-" + formatter.string(from: Date())
    }
}
