import HyperscopeCore

/// What is stored with a study started by a search: the resolved configuration and the options it
/// ran with, so resuming it needs nothing else. It is kept as the study record's `configuration`
/// object (`source`, `resolved`, `command`, `strategy`, `trials`, `repeats`, `parallel`, `seed`).
///
/// It is also `Codable`, for a worker that receives it from elsewhere: the same keys, with
/// `resolved` as JSON text so its keys keep their order (the order of the search parameters).
public struct StoredSearchConfiguration: Sendable, Codable {
    /// Where the configuration came from (a file's path), for messages.
    public var source: String
    /// The configuration the study runs, with its command and options.
    public var configuration: SearchConfiguration

    /// What a study running `configuration`, read from `source`, stores.
    public init(_ configuration: SearchConfiguration, source: String) {
        self.source = source
        self.configuration = configuration
    }

    /// Reads back what the study named `study` stored: its resolved configuration read again, with
    /// the stored command and options applied.
    ///
    /// - Throws: ``SearchPlanError``: `noStoredConfiguration` when the record holds none (a study
    ///   made through the library without one), `invalidConfiguration` when it no longer reads.
    public init(stored value: Value, study: String) throws {
        guard case .object = value, let resolved = value["resolved"] else {
            throw SearchPlanError(
                .noStoredConfiguration, "study \(study) has no stored configuration to resume with", study: study)
        }
        source = value["source"]?.stringValue ?? ""
        do {
            let text = JSONWriter(nonFiniteNumbers: .literals).string(from: resolved)
            configuration = try SearchConfigurationFile.parse(
                text, path: "the configuration stored with study \(study)")
        } catch let error as ConfigurationError {
            throw SearchPlanError(.invalidConfiguration, error.description, study: study)
        }
        if case .list(let arguments)? = value["command"] {
            configuration.objective.command = arguments.map(CommandTemplate.text(of:))
        }
        if let name = value["strategy"]?.stringValue, let strategy = SearchStrategy(rawValue: name) {
            configuration.strategy = strategy
        }
        if case .int(let trials)? = value["trials"] { configuration.trials = Int(trials) }
        if case .int(let repeats)? = value["repeats"] { configuration.repeats = Int(repeats) }
        if case .int(let parallel)? = value["parallel"] { configuration.parallel = Int(parallel) }
        if case .int(let seed)? = value["seed"] { configuration.seed = UInt64(truncatingIfNeeded: seed) }
    }

    /// The object kept as the study record's configuration.
    public var value: Value {
        var fields = [
            Value.Field("source", .string(source)),
            Value.Field("resolved", configuration.resolved),
            Value.Field("command", .list(configuration.objective.command.map(Value.string))),
            Value.Field("strategy", .string(configuration.strategy.rawValue)),
            Value.Field("repeats", .int(Int64(configuration.repeats))),
            Value.Field("parallel", .int(Int64(configuration.parallel))),
            Value.Field("seed", .int(Int64(truncatingIfNeeded: configuration.seed))),
        ]
        if let trials = configuration.trials { fields.append(Value.Field("trials", .int(Int64(trials)))) }
        return .object(fields)
    }

    private enum CodingKeys: String, CodingKey {
        case source, resolved, command, strategy, trials, repeats, parallel, seed
    }

    /// Encodes the stored form, with the resolved configuration as JSON text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(
            JSONWriter(nonFiniteNumbers: .literals).string(from: configuration.resolved), forKey: .resolved)
        try container.encode(configuration.objective.command, forKey: .command)
        try container.encode(configuration.strategy.rawValue, forKey: .strategy)
        try container.encodeIfPresent(configuration.trials, forKey: .trials)
        try container.encode(configuration.repeats, forKey: .repeats)
        try container.encode(configuration.parallel, forKey: .parallel)
        try container.encode(configuration.seed, forKey: .seed)
    }

    /// Decodes what ``encode(to:)`` wrote, reading the configuration again as ``init(stored:study:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let source = try container.decode(String.self, forKey: .source)
        let resolvedText = try container.decode(String.self, forKey: .resolved)
        let resolved: Value
        do {
            resolved = try JSONParser.parse(resolvedText)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .resolved, in: container, debugDescription: "the resolved configuration is not JSON: \(error)")
        }
        var fields = [
            Value.Field("source", .string(source)), Value.Field("resolved", resolved),
            Value.Field("command", .list(try container.decode([String].self, forKey: .command).map(Value.string))),
            Value.Field("strategy", .string(try container.decode(String.self, forKey: .strategy))),
            Value.Field("repeats", .int(Int64(try container.decode(Int.self, forKey: .repeats)))),
            Value.Field("parallel", .int(Int64(try container.decode(Int.self, forKey: .parallel)))),
            Value.Field("seed", .int(Int64(truncatingIfNeeded: try container.decode(UInt64.self, forKey: .seed)))),
        ]
        if let trials = try container.decodeIfPresent(Int.self, forKey: .trials) {
            fields.append(Value.Field("trials", .int(Int64(trials))))
        }
        try self.init(stored: .object(fields), study: source)
    }
}
