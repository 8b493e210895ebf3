import HyperscopeCore

/// What reading one artifact gives its run.
public struct ArtifactReading: Sendable {
    /// Metric curves (one point each for a figure) added to the run, replacing any of the same key.
    public var metrics: [MetricCurve]
    /// What to keep on the run about the artifact (see ``RunArtifact/summary``), or `nil`.
    public var summary: Value?

    /// Creates a reading.
    public init(metrics: [MetricCurve], summary: Value? = nil) {
        self.metrics = metrics
        self.summary = summary
    }
}

/// Turns a run's artifacts into metrics and a summary when its log is ingested (predictions into
/// calibration figures, for example). Ingestion calls it for every artifact of every run it reads, so
/// both are computed again whenever the log is.
public protocol ArtifactReader: Sendable {
    /// What `artifact` gives its run; an empty reading for a kind it does not read.
    ///
    /// - Throws: An error whose description says what is wrong with the artifact; it is recorded as
    ///   a problem of the log line that named it.
    func read(_ artifact: RunArtifact) throws -> ArtifactReading
}

extension ArtifactReader {
    /// `run` with what each of its artifacts gives (see ``Run/apply(_:toArtifactAt:)``); an artifact that
    /// cannot be read is described in `failures`, with the artifact.
    package func applied(to run: Run, failures: inout [(artifact: RunArtifact, reason: String)]) -> Run {
        guard case .list(let entries)? = run.attributes[RunArtifact.attribute] else { return run }
        var run = run
        for index in entries.indices {
            guard let artifact = RunArtifact(entries[index], loggedBy: run.source) else { continue }
            do {
                run.apply(try read(artifact), toArtifactAt: index)
            } catch {
                failures.append((artifact, "\(error)"))
            }
        }
        return run
    }
}
