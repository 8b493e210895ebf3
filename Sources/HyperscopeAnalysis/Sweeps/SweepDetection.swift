import HyperscopeCore

/// Finds which parameters a sweep varies, leaving out the keys that vary by nature (seeds, paths,
/// timestamps, output folders) unless the user says otherwise.
public struct SweepDetection: Sendable, Hashable {
    /// The glob patterns of noise keys excluded by default.
    public static let defaultNoisePatterns = [
        "paths.*", "*.paths.*", "*seed*", "write_checkpoint", "*.write_checkpoint", "run_id", "*.run_id", "tag", "tags",
        "*timestamp*", "*datetime*", "date", "*.date", "*_date", "start_time", "*.start_time", "*output_dir*",
        "*out_dir*", "*save_dir*", "*log_dir*", "*checkpoint_dir*",
        "*output_path*", "*run_name*", "name", "experiment_name",
    ]

    /// Patterns of keys to leave out (the defaults, plus `--exclude` and the config's).
    public var excludePatterns: [String]
    /// Patterns of keys to keep even when an exclude pattern matches (`--include`).
    public var includePatterns: [String]

    /// Creates a detection with the default noise patterns plus extra excludes and includes.
    public init(extraExcludes: [String] = [], includes: [String] = [], replacingDefaults: Bool = false) {
        excludePatterns = (replacingDefaults ? [] : Self.defaultNoisePatterns) + extraExcludes
        includePatterns = includes
    }

    /// Whether a key is noise under the patterns.
    public func isNoise(_ key: String) -> Bool {
        if includePatterns.contains(where: { Glob($0).matches(key) }) { return false }
        return excludePatterns.contains { Glob($0).matches(key) }
    }

    /// The seed-like key of the runs (`seed`, `training.seed`, …), used to match runs across groups.
    public static func seedKey(in runs: [Run]) -> String? {
        seedKey(among: ParameterVariation.keys(in: runs))
    }

    /// The seed-like key among `keys`: the shortest of `seed`, `….seed` and `…_seed`.
    public static func seedKey(among keys: some Sequence<String>) -> String? {
        keys.filter { $0 == "seed" || $0.hasSuffix(".seed") || $0.hasSuffix("_seed") }.min {
            ($0.count, $0) < ($1.count, $1)
        }
    }
}
