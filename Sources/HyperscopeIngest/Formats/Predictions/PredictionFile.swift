import Foundation
import HyperscopeCore

/// A file of a classifier's predictions, one example per row, read for calibration: JSON lines,
/// CSV (or TSV), or a `.json` document.
///
/// A row has a `label` (the true class, counted from 0) and either `probs` (a list of class
/// probabilities, one probability of class 1 for a binary task, or a list of such lists for several
/// stochastic passes) or `logits`; optionally `split` (`val`, `test`), `id`, and `sample` (several
/// rows of one `id` are that example's stochastic passes). In CSV the classes are columns
/// `p_0, p_1, …` (or `prob_k`, `probs_k`), or `logit_0, …`, or one `p`/`prob` column for a binary
/// task. A `.json` document is a list of such rows, or an object of columns (`label` or `labels`,
/// `probs` or `logits`, and optionally `split`, `id`).
///
/// A bad row (a probability list that does not sum to 1 within 10⁻³, a label outside the classes,
/// a row with another number of classes, a NaN) is left out and listed with its file and line;
/// the good rows are used.
public struct PredictionFile: Sendable {
    /// What the rows' scores are.
    public enum ScoreKind: String, Sendable {
        /// Probabilities of the classes.
        case probabilities
        /// Logits, turned into probabilities by a softmax.
        case logits
    }

    /// The examples of one split.
    public struct Split: Sendable {
        /// The split's name (`val`, `test`), or `all` when the rows name none.
        public let name: String
        /// Each example's true class.
        public let labels: [Int]
        /// Each example's scores, one vector per stochastic pass (one for a deterministic model).
        public let samples: [[[Double]]]
        /// Each example's identifier, as given or its first line's number.
        public let ids: [String]
    }

    /// What the scores are.
    public let kind: ScoreKind
    /// The number of classes.
    public let classCount: Int
    /// The splits, in the order the file first names them.
    public let splits: [Split]
    /// The rows left out, with their line and why.
    public let problems: [IngestProblem]

    /// The split of that name.
    public func split(named name: String) -> Split? {
        splits.first { $0.name == name }
    }

    /// Reads the file at `path` (its extension chooses the layout: `.csv`, `.tsv`, `.json`, else JSON lines).
    ///
    /// - Throws: ``SourceReadError`` when the file cannot be read, is not in any layout, or has no
    ///   good row (the problems of its rows are in the message).
    public static func read(path: String) throws -> PredictionFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SourceReadError("\(path): cannot read: \(error.localizedDescription)", isAccessFailure: true)
        }
        let lower = path.lowercased()
        let rows: [PredictionRow]
        var problems: [IngestProblem] = []
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
            rows = PredictionRow.fromTable(Array(data), tabs: lower.hasSuffix(".tsv"), file: path, problems: &problems)
        } else if lower.hasSuffix(".json") {
            rows = try PredictionRow.fromDocument(Array(data), file: path, problems: &problems)
        } else {
            rows = PredictionRow.fromLines(Array(data), file: path, problems: &problems)
        }
        return try assemble(rows, file: path, problems: problems)
    }

    /// Checks the rows against each other, groups stochastic passes by id, and splits them.
    static func assemble(_ rows: [PredictionRow], file: String, problems: [IngestProblem]) throws -> PredictionFile {
        var problems = problems
        guard let first = rows.first else {
            let listed = problems.prefix(3).map(\.description).joined(separator: "; ")
            throw SourceReadError("\(file): no prediction row could be read" + (listed.isEmpty ? "" : ": \(listed)"))
        }
        let kind = first.kind
        let classCount = first.samples[0].count
        var order: [String] = []
        var bySplit: [String: (labels: [Int], samples: [[[Double]]], ids: [String], index: [String: Int])] = [:]
        for row in rows {
            func reject(_ reason: String) { problems.append(IngestProblem(file: file, line: row.line, reason: reason)) }
            guard row.kind == kind else {
                reject("gives \(row.kind.rawValue) where the file's first row gives \(kind.rawValue)")
                continue
            }
            guard row.samples.allSatisfy({ $0.count == classCount }) else {
                reject("has \(row.samples[0].count) classes where the file's first row has \(classCount)")
                continue
            }
            guard (0..<classCount).contains(row.label) else {
                reject("label \(row.label) is outside the \(classCount) classes (0…\(classCount - 1))")
                continue
            }
            let splitName = row.split ?? "all"
            if bySplit[splitName] == nil {
                order.append(splitName)
                bySplit[splitName] = ([], [], [], [:])
            }
            let id = row.id ?? "line \(row.line)"
            if let existing = bySplit[splitName]!.index[id] {
                guard bySplit[splitName]!.labels[existing] == row.label else {
                    reject(
                        "example \(id) has label \(row.label) here and \(bySplit[splitName]!.labels[existing]) before")
                    continue
                }
                bySplit[splitName]!.samples[existing] += row.samples
            } else {
                bySplit[splitName]!.index[id] = bySplit[splitName]!.labels.count
                bySplit[splitName]!.labels.append(row.label)
                bySplit[splitName]!.samples.append(row.samples)
                bySplit[splitName]!.ids.append(id)
            }
        }
        let splits = order.map { name in
            Split(name: name, labels: bySplit[name]!.labels, samples: bySplit[name]!.samples, ids: bySplit[name]!.ids)
        }
        return PredictionFile(
            kind: kind, classCount: classCount, splits: splits,
            problems: problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }
}
