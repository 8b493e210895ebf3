import Foundation
import Hyperscope

/// What `hyperscope search` will run: the configuration (from the file, or the one stored with the
/// study when resuming) with the command-line options applied, and the study it belongs to.
struct SearchPlan {
    /// The configuration to run.
    var configuration: SearchConfiguration
    /// The study's name.
    var studyName: String
    /// The stored study when resuming.
    var existingStudy: StudyRecord?
    /// Where the configuration came from, for messages.
    var sourceName: String
    /// What is stored with a new study: the resolved file, the command and the options, so
    /// `--resume` needs nothing else.
    var storedConfiguration: Value

    /// Builds the plan from the command line.
    static func make(command: SearchCommand, store: any Store) async throws -> SearchPlan {
        var configuration: SearchConfiguration
        var sourceName: String
        var existing: StudyRecord?
        var name: String?
        if command.resume {
            guard let studyName = try command.study ?? command.config.flatMap({ try load($0, command).study }) else {
                throw CommandFailure("--resume needs the study's name: --study NAME")
            }
            guard let record = try await store.study(named: studyName) else {
                throw CommandFailure("no study named '\(studyName)' to resume; run without --resume to start it")
            }
            sourceName = "the configuration stored with study \(studyName)"
            configuration = try stored(record, sourceName: sourceName)
            if command.config != nil || command.section != nil || !command.overrides.isEmpty {
                print("Resuming with \(sourceName); --config, --section and --set are not read again.")
            }
            existing = record
            name = studyName
        } else {
            let path = command.config!
            configuration = try load(path, command)
            sourceName = path
        }
        let commandOnCommandLine = !command.command.isEmpty
        if commandOnCommandLine { configuration.objective.command = command.command }
        if let strategy = command.strategy { configuration.strategy = strategy }
        if let trials = command.trials { configuration.trials = trials }
        if let repeats = command.repeats { configuration.repeats = repeats }
        if let parallel = command.parallel { configuration.parallel = parallel }
        if let seed = command.seed { configuration.seed = seed }
        // A command given after -- is checked as the command line's, so its errors name it, not the file.
        if commandOnCommandLine {
            var commandOnly = configuration
            commandOnly.objective.workingDirectory = nil
            do {
                try commandOnly.validate(commandLabel: "the command after --")
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        do {
            try configuration.validate()
        } catch {
            throw CommandFailure("\(sourceName): \(error)")
        }
        let studyName = name ?? command.study ?? configuration.study ?? Self.generatedName()
        if existing == nil, let problem = StudyRecord.nameProblem(studyName) {
            throw CommandFailure("\(problem); choose another with --study NAME")
        }
        if existing == nil, try await store.study(named: studyName) != nil {
            throw CommandFailure("a study named '\(studyName)' exists; add --resume to continue it, or --study NEW_NAME to start another")
        }
        return SearchPlan(
            configuration: configuration, studyName: studyName, existingStudy: existing, sourceName: sourceName,
            storedConfiguration: storedValue(configuration, source: sourceName))
    }

    private static func load(_ path: String, _ command: SearchCommand) throws -> SearchConfiguration {
        do {
            return try SearchConfigurationFile.load(path: path, section: command.section, overrides: command.overrides)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
    }

    /// The configuration a study was started with, read back from its record.
    private static func stored(_ record: StudyRecord, sourceName: String) throws -> SearchConfiguration {
        guard case .object = record.configuration, let resolved = record.configuration["resolved"] else {
            throw CommandFailure("study \(record.name) has no stored configuration to resume with")
        }
        var configuration: SearchConfiguration
        do {
            configuration = try SearchConfigurationFile.parse(JSONWriter(nonFiniteNumbers: .literals).string(from: resolved), path: sourceName)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
        let options = record.configuration
        if case .list(let arguments)? = options["command"] { configuration.objective.command = arguments.map(CommandTemplate.text(of:)) }
        if let name = options["strategy"]?.stringValue, let strategy = SearchStrategy(rawValue: name) { configuration.strategy = strategy }
        if case .int(let trials)? = options["trials"] { configuration.trials = Int(trials) }
        if case .int(let repeats)? = options["repeats"] { configuration.repeats = Int(repeats) }
        if case .int(let parallel)? = options["parallel"] { configuration.parallel = Int(parallel) }
        if case .int(let seed)? = options["seed"] { configuration.seed = UInt64(seed) }
        return configuration
    }

    fileprivate static func storedValue(_ configuration: SearchConfiguration, source: String) -> Value {
        var fields = [
            Value.Field("source", .string(source)),
            Value.Field("resolved", configuration.resolved),
            Value.Field("command", .list(configuration.objective.command.map(Value.string))),
            Value.Field("strategy", .string(configuration.strategy.rawValue)),
            Value.Field("repeats", .int(Int64(configuration.repeats))),
            Value.Field("parallel", .int(Int64(configuration.parallel))),
            Value.Field("seed", .int(Int64(configuration.seed))),
        ]
        if let trials = configuration.trials { fields.append(Value.Field("trials", .int(Int64(trials)))) }
        return .object(fields)
    }

    private static func generatedName() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "search-" + formatter.string(from: Date())
    }
}

extension SearchPlan {
    /// A plan for a new study from a configuration built in code.
    init(newStudy studyName: String, configuration: SearchConfiguration, sourceName: String) {
        self.init(
            configuration: configuration, studyName: studyName, existingStudy: nil, sourceName: sourceName,
            storedConfiguration: Self.storedValue(configuration, source: sourceName))
    }
}
