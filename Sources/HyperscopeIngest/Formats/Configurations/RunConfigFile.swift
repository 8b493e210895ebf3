import Foundation
import HyperscopeCore
import Yams

/// The configuration another tool writes beside a run's log, read as the run's parameters:
///
/// - W&B's `config.yaml` (in a run's `files` folder, beside `wandb-history.jsonl`), each key's value
///   under `value:` (`lr: {desc: null, value: 0.001}`); W&B's own `_wandb` and `wandb_version`
///   are left out, and a `config.yaml` of another shape is not read;
/// - Lightning's `hparams.yaml` (beside `metrics.csv` in `lightning_logs/version_N`);
/// - Hydra's `.hydra/config.yaml` (in the run's output folder).
///
/// Nested mappings are flattened to dotted names (`optimizer.lr`), as a log's own config is. The
/// log's own parameters win over the file's; the names the file gave are remembered in the run's
/// attributes, so that reading the file again replaces them.
struct RunConfigFile: Sendable {
    /// Which tool's convention a file follows.
    enum Convention: Sendable {
        case wandb, lightning, hydra
        /// DVCLive's `params.yaml`, read with its run's folder (``DVCLiveReading``) rather than beside a log.
        case dvclive
    }

    /// The file's absolute path.
    let path: String
    /// Its path from the log's folder, as problems name it (`hparams.yaml`, `.hydra/config.yaml`).
    let nameBesideLog: String
    /// How its values are laid out.
    let convention: Convention

    /// The attribute naming the configuration file a run's parameters came from.
    static let fileAttribute = "config.file"
    /// The attribute listing the parameters the configuration file gave.
    static let parametersAttribute = "config.params"

    /// Where each convention puts its file, relative to the log's folder, in the order looked for.
    private static let places: [(relativePath: String, convention: Convention)] = [
        ("config.yaml", .wandb), ("hparams.yaml", .lightning), (".hydra/config.yaml", .hydra),
    ]

    /// The largest configuration file read: a real one is a few kilobytes.
    static let maximumBytes = 4 << 20

    /// The configuration file beside the log at `logPath`, if one of the known ones is there, with its
    /// modification time.
    static func beside(log logPath: String) -> (file: RunConfigFile, modifiedAt: Double)? {
        let folder = (logPath as NSString).deletingLastPathComponent
        for place in places {
            let path = (folder as NSString).appendingPathComponent(place.relativePath)
            guard let status = try? SourceFile.status(of: path), status.isRegularFile else { continue }
            let file = RunConfigFile(path: path, nameBesideLog: place.relativePath, convention: place.convention)
            return (file, status.modifiedAt)
        }
        return nil
    }

    /// The parameters the file holds, flattened; empty for a `config.yaml` that is not W&B's.
    ///
    /// - Throws: ``SourceReadError`` (with the line and column, for invalid YAML) when it cannot be
    ///   read or is not a mapping.
    func parameters() throws(SourceReadError) -> [(name: String, value: Value)] {
        let bytes = try SourceFile.readAll(path, limit: Self.maximumBytes)
        let root: Node?
        do throws(YAMLDocument.ReadError) {
            root = try YAMLDocument.compose(String(decoding: bytes, as: UTF8.self))
        } catch {
            switch error {
            case .syntax(let message): throw SourceReadError("not valid YAML: " + Self.firstLines(of: message))
            case .tooLarge: throw SourceReadError(YAMLDocument.tooLargeReason)
            }
        }
        guard let root else { return [] }
        guard case .object(let fields) = YAMLDocument.value(of: root) else {
            throw SourceReadError("expected a mapping of parameter names to values")
        }
        let kept: [Value.Field]
        switch convention {
        case .wandb:
            guard let unwrapped = Self.wandbValues(fields) else { return [] }
            kept = unwrapped
        case .lightning, .hydra, .dvclive:
            kept = fields
        }
        return Value.object(kept).flattened().map { (name: $0.key, value: $0.value) }
    }

    /// The YAML parser's message without the quoted text it ends with: `3:10: … in line 3, column 10
    /// did not find expected ',' or ']'`.
    private static func firstLines(of message: String) -> String {
        let lines = message.split(separator: "\n").prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ":"))
    }

    /// W&B's fields with their values taken out of `value:`, without W&B's own; `nil` when the
    /// fields are not laid out that way (a `config.yaml` of another tool).
    private static func wandbValues(_ fields: [Value.Field]) -> [Value.Field]? {
        var values: [Value.Field] = []
        for field in fields where field.key != "wandb_version" && !field.key.hasPrefix("_wandb") {
            guard case .object = field.value, let value = field.value["value"] else { return nil }
            values.append(Value.Field(field.key, value))
        }
        return values
    }

    /// Gives `run` the file's parameters: first taking away those it gave at an earlier reading,
    /// then adding each one the log did not set itself.
    func apply(_ parameters: [(name: String, value: Value)], to run: inout Run) {
        for name in Self.givenNames(of: run) { run.params[name] = nil }
        var given: [Value] = []
        for (name, value) in parameters where run.params[name] == nil {
            run.params[name] = value
            given.append(.string(name))
        }
        run.attributes[Self.fileAttribute] = .string(path)
        run.attributes[Self.parametersAttribute] = .list(given)
    }

    /// Gives `run` the parameters that the file gave `stored` (the same run as read before), for
    /// when the file cannot be read this time.
    func keepParameters(of stored: Run, in run: inout Run) {
        apply(Self.givenNames(of: stored).compactMap { name in stored.params[name].map { (name, $0) } }, to: &run)
    }

    /// The names of the parameters the configuration file gave a run.
    private static func givenNames(of run: Run) -> [String] {
        guard case .list(let names)? = run.attributes[parametersAttribute] else { return [] }
        return names.compactMap(\.stringValue)
    }
}
