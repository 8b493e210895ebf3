import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Yams

/// Reads `hyperscope.yaml`, the project's settings file:
///
/// ```yaml
/// display:
///   params:            # parameter key → name shown in tables
///     model.weights: Init
///     optim.lr: LR
///   values:            # parameter key (or "*" for all) → value → text shown
///     model.weights:
///       null: random
/// sweep:
///   exclude: ["data.*"]   # more noise keys (globs)
///   include: [seed]       # keys kept even if they look like noise
/// insights:
///   gamma: 0.3            # the top fraction of runs counted good
///   alias: recall         # the metric's name in JSON keys (avg_recall)
///   categories:           # name → parameter key globs, in display order
///     training: [optim.*, batch_size]
///     model: [model.*]
///   explode: [model.features]   # list parameters scored item by item
///   bins: 5               # bin numeric parameters with more distinct values
///   binning: log          # or quantile
/// derived:                # parameters computed from others, stored by `hyperscope backfill`
///   layer_sizes: {join: model.layers}                     # [128, 64] → "128→64" (separator: optional)
///   tower_params: {dense_params: model.layers, input: model.input_dim}
///   l2_level: {bucket: optim.l2, ranges: {none: 0, light: 0.001, medium: 0.01, heavy: inf}}
///   n_layers: {count: model.layers}
///   lr_per_epoch: {expr: "optim.lr * ceil(data.n_train / batch_size)"}
/// ```
///
/// Every mistake is an error naming the file, line, column and key path. The CLI reads it here, and
/// hands the settings to the dashboard it serves, so both see the same settings.
public enum ProjectSettingsFile {
    /// The keys accepted at the top level.
    public static let topLevelKeys = ["display", "sweep", "insights", "derived"]

    /// The file read when none is named.
    public static let defaultPath = "hyperscope.yaml"

    /// Loads the settings at `path`.
    ///
    /// - Throws: ``ConfigurationError`` with `file:line:column: key.path: what was expected`.
    public static func load(_ path: String) throws -> AnalysisSettings {
        let text = try ConfigurationText.read(path, what: "the settings file")
        return try settings(text, reader: YAMLReader(path: path))
    }

    /// The project's settings: from `path` when given, else from `$HYPERSCOPE_CONFIG`, else from
    /// `./hyperscope.yaml` when it exists, else the defaults.
    ///
    /// - Throws: ``ConfigurationError`` for a named file that cannot be read, or a mistake in the file.
    public static func settings(
        path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AnalysisSettings {
        if let path = path ?? environment["HYPERSCOPE_CONFIG"] { return try load(path) }
        return FileManager.default.fileExists(atPath: defaultPath) ? try load(defaultPath) : AnalysisSettings()
    }

    private static func settings(_ text: String, reader: YAMLReader) throws -> AnalysisSettings {
        guard let root = try reader.document(text: text) else { return AnalysisSettings() }
        let top = try reader.mapping(root, at: "")
        var settings = AnalysisSettings()
        for (keyNode, node) in top {
            let key = try reader.key(keyNode, at: "")
            switch key {
            case "display": settings.displayNames = try reader.displayNames(node)
            case "insights": settings.insights = try reader.insights(node)
            case "derived": settings.derived = try reader.derived(node)
            case "sweep":
                for (subKeyNode, list) in try reader.mapping(node, at: "sweep") {
                    let subKey = try reader.key(subKeyNode, at: "sweep")
                    switch subKey {
                    case "exclude": settings.noiseExcludes = try reader.strings(list, at: "sweep.exclude")
                    case "include": settings.noiseIncludes = try reader.strings(list, at: "sweep.include")
                    default:
                        throw reader.error(
                            subKeyNode, at: "sweep.\(subKey)", "unknown key; expected exclude or include")
                    }
                }
            default:
                throw reader.error(
                    keyNode, at: key, "unknown key; expected one of \(topLevelKeys.joined(separator: ", "))")
            }
        }
        return settings
    }
}

/// The sections of the settings file, read with the shared ``YAMLReader`` so mistakes are located alike.
extension YAMLReader {
    fileprivate func displayNames(_ node: Node) throws -> DisplayNames {
        var names = DisplayNames()
        for (keyNode, section) in try mapping(node, at: "display") {
            switch try key(keyNode, at: "display") {
            case "params":
                for (parameter, shown) in try mapping(section, at: "display.params") {
                    let name = try key(parameter, at: "display.params")
                    names.parameters[name] = try valueText(shown, at: "display.params.\(name)")
                }
            case "values":
                for (parameter, table) in try mapping(section, at: "display.values") {
                    let name = try key(parameter, at: "display.values")
                    for (value, shown) in try mapping(table, at: "display.values.\(name)") {
                        let text = try valueText(value, at: "display.values.\(name)")
                        names.values[name, default: [:]][text] = try valueText(
                            shown, at: "display.values.\(name).\(text)")
                    }
                }
            case let other:
                throw error(keyNode, at: "display.\(other)", "unknown key; expected params or values")
            }
        }
        return names
    }

    fileprivate func insights(_ node: Node) throws -> InsightSettings {
        var insights = InsightSettings()
        for (keyNode, value) in try mapping(node, at: "insights") {
            let name = try key(keyNode, at: "insights")
            let path = "insights.\(name)"
            switch name {
            case "gamma":
                guard let gamma = value.float, gamma > 0, gamma < 1 else {
                    throw error(value, at: path, "expected a number between 0 and 1")
                }
                insights.gamma = gamma
            case "alias": insights.alias = try valueText(value, at: path)
            case "explode": insights.explode = try strings(value, at: path)
            case "bins":
                guard let bins = value.int, bins >= 2 else {
                    throw error(value, at: path, "expected a whole number of at least 2")
                }
                insights.bins = bins
            case "binning":
                guard let binning = InsightSettings.Binning(rawValue: try valueText(value, at: path)) else {
                    throw error(value, at: path, "expected quantile or log")
                }
                insights.binning = binning
            case "categories":
                insights.categories = try mapping(value, at: path).map { category, patterns in
                    let categoryName = try key(category, at: path)
                    return InsightSettings.Category(
                        name: categoryName, patterns: try strings(patterns, at: "\(path).\(categoryName)"))
                }
            default:
                throw error(
                    keyNode, at: path, "unknown key; expected gamma, alias, categories, explode, bins or binning")
            }
        }
        return insights
    }

    fileprivate func derived(_ node: Node) throws -> [DerivedParameter] {
        try mapping(node, at: "derived").map { nameNode, declaration in
            let name = try key(nameNode, at: "derived")
            let path = "derived.\(name)"
            var fields: [String: Node] = [:]
            for (fieldNode, value) in try mapping(declaration, at: path) {
                fields[try key(fieldNode, at: path)] = value
            }
            func text(_ field: String) throws -> String {
                guard let node = fields[field] else { throw error(declaration, at: path, "expected '\(field)'") }
                return try valueText(node, at: "\(path).\(field)")
            }
            let rule: DerivedParameter.Rule
            if fields["join"] != nil {
                rule = .join(
                    source: try text("join"), separator: fields["separator"] == nil ? "→" : try text("separator"))
            } else if fields["dense_params"] != nil {
                rule = .denseParameters(input: try text("input"), layers: try text("dense_params"))
            } else if fields["count"] != nil {
                rule = .count(source: try text("count"))
            } else if fields["bucket"] != nil {
                guard let rangesNode = fields["ranges"] else {
                    throw error(declaration, at: path, "a bucket needs 'ranges: {label: upper bound, ...}'")
                }
                let buckets = try mapping(rangesNode, at: "\(path).ranges").map { labelNode, boundNode in
                    let label = try key(labelNode, at: "\(path).ranges")
                    let boundText = try valueText(boundNode, at: "\(path).ranges.\(label)")
                    guard
                        let bound = ["inf", ".inf", "infinity"].contains(boundText.lowercased())
                            ? .infinity : Double(boundText)
                    else {
                        throw error(
                            boundNode, at: "\(path).ranges.\(label)", "expected a number or inf as the upper bound")
                    }
                    return DerivedParameter.Bucket(upTo: bound, label: label)
                }
                guard zip(buckets, buckets.dropFirst()).allSatisfy({ $0.upperBound < $1.upperBound }) else {
                    throw error(rangesNode, at: "\(path).ranges", "upper bounds must increase")
                }
                rule = .bucket(source: try text("bucket"), buckets: buckets)
            } else if let expressionNode = fields["expr"] {
                do {
                    rule = .expression(try ArithmeticExpression.parse(try text("expr")))
                } catch let parseError as ExpressionError {
                    throw error(expressionNode, at: "\(path).expr", parseError.description)
                }
            } else {
                throw error(declaration, at: path, "expected one of join, dense_params, bucket, count or expr")
            }
            return DerivedParameter(name: name, rule: rule)
        }
    }
}
