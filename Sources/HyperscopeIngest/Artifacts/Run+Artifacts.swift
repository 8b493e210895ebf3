import HyperscopeCore

extension Run {
    /// Adds what reading one of the run's artifacts gave: its metrics, replacing curves of the same key,
    /// and its summary, kept on the artifact's entry (at `index` of ``RunArtifact/attribute``).
    package mutating func apply(_ reading: ArtifactReading, toArtifactAt index: Int) {
        for curve in reading.metrics {
            curves.removeAll { $0.key == curve.key }
            curves.append(curve)
        }
        guard let summary = reading.summary, case .list(var entries)? = attributes[RunArtifact.attribute],
            entries.indices.contains(index), case .object(let fields) = entries[index]
        else { return }
        entries[index] = .object(fields.filter { $0.key != "summary" } + [Value.Field("summary", summary)])
        attributes[RunArtifact.attribute] = .list(entries)
    }

    /// Attaches an artifact after the log was read (`hyperscope calibrate --run`): its entry (see
    /// ``RunArtifact/attachedEntry(kind:path:split:)``) replaces an attached one of the same path and split,
    /// and `reading` is applied to it.
    package mutating func attach(_ entry: Value, reading: ArtifactReading) {
        var entries: [Value] = []
        if case .list(let listed)? = attributes[RunArtifact.attribute] {
            entries = listed.filter { other in
                !(other["attached"] == .bool(true) && other["path"] == entry["path"]
                    && other["split"] == entry["split"])
            }
        }
        attributes[RunArtifact.attribute] = .list(entries + [entry])
        apply(reading, toArtifactAt: entries.count)
    }

    /// Keeps the artifacts attached to the run's earlier record (`attributes`), which a new reading of its
    /// log does not name, unless the log now names the same file for the same split.
    mutating func keepAttachedArtifacts(of earlier: [String: Value]) {
        var entries: [Value] = []
        if case .list(let listed)? = attributes[RunArtifact.attribute] { entries = listed }
        let named = Set(RunArtifact.artifacts(of: self).map { "\($0.path)\u{1}\($0.split ?? "")" })
        for entry in RunArtifact.attachedEntries(in: earlier) {
            guard let artifact = RunArtifact(entry, loggedBy: source),
                !named.contains("\(artifact.path)\u{1}\(artifact.split ?? "")")
            else { continue }
            entries.append(entry)
        }
        if !entries.isEmpty { attributes[RunArtifact.attribute] = .list(entries) }
    }
}
