/// A file a run wrote and named in its log (`{"event":"artifact","kind":"predictions",
/// "path":"preds.jsonl","split":"test"}`), with its path resolved against the log's folder, and what
/// ingestion learned from it.
public struct RunArtifact: Sendable, Hashable {
    /// The run attribute the log's artifacts are kept in, as a list of objects (`kind`, `path`, `line`,
    /// `split`, `summary`).
    public static let attribute = "artifacts"

    /// What the artifact holds, such as `predictions`.
    public let kind: String
    /// Its absolute path.
    public let path: String
    /// The split it belongs to, if the log says.
    public let split: String?
    /// The log line that named it.
    public let line: Int
    /// What the artifact's reader kept of it when the log was ingested (for predictions, the
    /// calibration with its reliability bins), or `nil`.
    public let summary: Value?
    /// Whether it was attached to the run afterwards (`hyperscope calibrate --run`) rather than named by
    /// the log; such an artifact is kept when the log is read again.
    public let attached: Bool

    /// The artifact an entry of the ``attribute`` list describes, its path resolved against the folder of
    /// `source` (the log); `nil` for an entry without a kind and a path.
    public init?(_ entry: Value, loggedBy source: String) {
        guard let kind = entry["kind"]?.stringValue, let path = entry["path"]?.stringValue else { return nil }
        self.kind = kind
        self.path = Self.resolve(path, besides: source)
        split = entry["split"]?.stringValue
        line = entry["line"]?.numericValue.map { Int($0) } ?? 0
        summary = entry["summary"]
        attached = entry["attached"] == .bool(true)
    }

    /// The entry of an artifact attached to a run after its log was read (see ``attached``), its path
    /// absolute.
    package static func attachedEntry(kind: String, path: String, split: String?) -> Value {
        var fields = [
            Value.Field("kind", .string(kind)), Value.Field("path", .string(normalise(path))),
            Value.Field("attached", .bool(true)),
        ]
        if let split { fields.append(Value.Field("split", .string(split))) }
        return .object(fields)
    }

    /// The entries of `attributes`' ``attribute`` list that were attached, not named by the log.
    package static func attachedEntries(in attributes: [String: Value]) -> [Value] {
        guard case .list(let entries)? = attributes[attribute] else { return [] }
        return entries.filter { $0["attached"] == .bool(true) }
    }

    /// The artifacts `run`'s log named.
    public static func artifacts(of run: Run) -> [RunArtifact] {
        guard case .list(let listed)? = run.attributes[attribute] else { return [] }
        return listed.compactMap { RunArtifact($0, loggedBy: run.source) }
    }

    /// `path` as an absolute path: itself when absolute, else joined to the folder of `source`, with `.`
    /// and `..` segments taken away.
    static func resolve(_ path: String, besides source: String) -> String {
        guard !path.hasPrefix("/") else { return normalise(path) }
        let folder = source.lastIndex(of: "/").map { String(source[..<$0]) } ?? "."
        return normalise(folder + "/" + path)
    }

    private static func normalise(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if !segments.isEmpty, segments.last != ".." {
                    segments.removeLast()
                } else if !path.hasPrefix("/") {
                    segments.append(segment)
                }
            default: segments.append(segment)
            }
        }
        return (path.hasPrefix("/") ? "/" : "") + segments.joined(separator: "/")
    }
}
