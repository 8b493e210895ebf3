import Foundation
import HyperscopeCore

/// A file a run wrote and named in its log (`{"event":"artifact","kind":"predictions",
/// "path":"preds.jsonl","split":"test"}`), with its path resolved against the log's folder.
public struct RunArtifact: Sendable, Hashable {
    /// The run attribute the log's artifacts are kept in.
    public static let attribute = "artifacts"

    /// What the artifact holds, such as `predictions`.
    public let kind: String
    /// Its absolute path.
    public let path: String
    /// The split it belongs to, if the log says.
    public let split: String?
    /// The log line that named it.
    public let line: Int

    /// The artifacts `run`'s log named, their relative paths resolved against the log's folder.
    public static func artifacts(of run: Run) -> [RunArtifact] {
        guard case .list(let listed)? = run.attributes[attribute] else { return [] }
        let folder = URL(fileURLWithPath: run.source).deletingLastPathComponent()
        return listed.compactMap { item in
            guard let kind = item["kind"]?.stringValue, let path = item["path"]?.stringValue else { return nil }
            let resolved = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path
            let line = item["line"]?.numericValue.map { Int($0) } ?? 0
            return RunArtifact(kind: kind, path: resolved, split: item["split"]?.stringValue, line: line)
        }
    }
}

/// Turns a run's artifacts into metrics when its log is ingested (predictions into calibration
/// figures, for example). Ingestion calls it for every artifact of every run it reads, so the
/// metrics are computed again whenever the log is.
public protocol ArtifactReader: Sendable {
    /// The metric curves `artifact` gives (one point each for a figure), or none for a kind it does
    /// not read.
    ///
    /// - Throws: An error whose description says what is wrong with the artifact; it is recorded as
    ///   a problem of the log line that named it.
    func metrics(of artifact: RunArtifact) throws -> [MetricCurve]
}
