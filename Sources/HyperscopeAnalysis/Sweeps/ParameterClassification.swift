import HyperscopeCore

/// One setting of a sweep, under every name the runs give it: keys whose values correspond one to
/// one across the runs (`lr` and `optim.lr`, logged by a search and again by the command's own
/// config) are one factor, so it is grouped, paired, scored and suggested once.
public struct ParameterFactor: Sendable, Hashable {
    /// The name the factor goes by: of its keys, the one with the fewest dots, then the shortest
    /// (`lr` over `optim.lr`, `optimizer` over `optim.name`).
    public var key: String
    /// Its other names, sorted.
    public var aliases: [String]

    /// Creates a factor.
    public init(key: String, aliases: [String] = []) {
        self.key = key
        self.aliases = aliases
    }

    /// `lr (= optim.lr)`, or the key alone.
    public var label: String {
        key + Self.aliasSuffix(aliases)
    }

    /// ` (= optim.lr)` for a key with other names, else empty: what a label adds to a key's name.
    public static func aliasSuffix(_ aliases: [String]) -> String {
        aliases.isEmpty ? "" : " (= " + aliases.joined(separator: ", ") + ")"
    }
}

/// What the keys that vary across some runs are, for analysis: the factors a sweep varies, the
/// noise keys left out by pattern, and the identifiers left out because every run has its own.
public struct ParameterClassification: Sendable, Hashable {
    /// The factors, sorted by key.
    public var factors: [ParameterFactor]
    /// Varying keys left out as noise by their names (seeds, paths, timestamps), sorted.
    public var excluded: [String]
    /// Varying text keys left out because each run has a different value (run names, folders,
    /// uuids), sorted; `--include KEY` keeps one.
    public var identifiers: [String]

    /// The factors' keys, sorted: the parameters the runs vary.
    public var varying: [String] { factors.map(\.key) }

    /// Each factor's aliases by its key; factors without aliases are left out.
    public var aliasesByKey: [String: [String]] {
        Dictionary(uniqueKeysWithValues: factors.filter { !$0.aliases.isEmpty }.map { ($0.key, $0.aliases) })
    }

    /// The label of a factor's key (`lr (= optim.lr)`); other keys as they are.
    public func label(of key: String) -> String {
        key + aliasSuffix(of: key)
    }

    /// ` (= optim.lr)` for a factor with aliases, else empty: what a label adds to a key's display name.
    public func aliasSuffix(of key: String) -> String {
        ParameterFactor.aliasSuffix(factors.first { $0.key == key }?.aliases ?? [])
    }

    /// A note on what was left out and merged, for the lines under a table; `nil` when nothing was.
    public var note: String? {
        var parts: [String] = []
        if !excluded.isEmpty { parts.append("left out as noise: " + excluded.joined(separator: ", ")) }
        if !identifiers.isEmpty {
            parts.append(
                "left out as identifiers (a different text in every run): " + identifiers.joined(separator: ", ")
                    + " (--include KEY keeps one)")
        }
        let merged = factors.filter { !$0.aliases.isEmpty }
        if !merged.isEmpty {
            parts.append("one setting under several names: " + merged.map(\.label).joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

extension SweepDetection {
    /// The fewest runs in which a text key must differ in every run to be taken for an identifier:
    /// two runs with `adam` and `sgd` are a sweep, twelve runs with twelve folder names are not.
    public static let minimumRunsForIdentifiers = 10

    /// Classifies the keys that vary across the runs of `columns`.
    ///
    /// A key is noise when its name matches an exclude pattern; an identifier when its values are
    /// text, every run that has it has a different one, and at least
    /// ``minimumRunsForIdentifiers`` runs have it (numbers never are: a random search's `lr` is
    /// unique per run and matters); either is kept when an include pattern names it. The rest form
    /// factors: keys whose values correspond one to one across the runs are one factor when their
    /// corresponding values are equal (`lr` = `optim.lr`), or when the correspondence holds over three
    /// values or more that runs share (a setting written two ways); two keys with two values each that
    /// merely vary together stay apart, and so do two keys with a different value in every run.
    ///
    /// - Complexity: O(*runs × varying keys*).
    public func classify(_ columns: ParameterColumns) -> ParameterClassification {
        var candidates: [Int] = []
        var excluded: [String] = []
        var identifiers: [String] = []
        for key in columns.varyingKeys {
            guard let column = columns.column(of: key) else { continue }
            let included = includePatterns.contains { Glob($0).matches(key) }
            if !included, excludePatterns.contains(where: { Glob($0).matches(key) }) {
                excluded.append(key)
            } else if !included, Self.isIdentifier(column, in: columns) {
                identifiers.append(key)
            } else {
                candidates.append(column)
            }
        }
        let factors =
            columns.runCount < 2
            ? candidates.map { ParameterFactor(key: columns.keys[$0]) }
            : Self.factors(of: candidates, in: columns)
        return ParameterClassification(
            factors: factors.sorted { $0.key < $1.key }, excluded: excluded.sorted(), identifiers: identifiers.sorted())
    }

    /// Classifies the keys that vary across `runs` (see ``classify(_:)-(ParameterColumns)``).
    public func classify(_ runs: [Run]) -> ParameterClassification {
        classify(ParameterColumns(runs))
    }

    /// Whether a column holds text that differs in every run having it, in enough runs.
    static func isIdentifier(_ column: Int, in columns: ParameterColumns) -> Bool {
        let distinct = columns.values[column]
        guard distinct.count >= minimumRunsForIdentifiers, distinct.allSatisfy({ $0.stringValue != nil }) else {
            return false
        }
        let present = columns.codes[column].reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        return present == distinct.count
    }

    /// The candidate columns grouped into factors: columns with the same codes run by run (values are
    /// numbered in order of first appearance, so equal codes mean a one-to-one correspondence).
    private static func factors(of candidates: [Int], in columns: ParameterColumns) -> [ParameterFactor] {
        // Columns with equal codes, found by a cheap fingerprint of the codes and then compared:
        // hashing every code of every column with SipHash was most of `compare` at 100,000 runs.
        var groups: [[Int]] = []
        var groupsOfFingerprint: [UInt64: [Int]] = [:]
        for column in candidates {
            let codes = columns.codes[column]
            let fingerprint = Self.fingerprint(codes)
            if let group = groupsOfFingerprint[fingerprint]?.first(where: { columns.codes[groups[$0][0]] == codes }) {
                groups[group].append(column)
            } else {
                groupsOfFingerprint[fingerprint, default: []].append(groups.count)
                groups.append([column])
            }
        }
        var factors: [ParameterFactor] = []
        for group in groups {
            var remaining = group.sorted { preferredName(columns.keys[$0], over: columns.keys[$1]) }
            // A correspondence in which every run has a value of its own says nothing: any two such columns have one.
            let present = columns.codes[group[0]].reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
            let distinct = columns.values[group[0]].count
            let recodingShows = distinct >= 3 && distinct < present
            while let first = remaining.first {
                let members = remaining.filter { column in
                    column == first || recodingShows || sameValues(columns.values[first], columns.values[column])
                }
                remaining.removeAll { members.contains($0) }
                factors.append(
                    ParameterFactor(
                        key: columns.keys[first], aliases: members.dropFirst().map { columns.keys[$0] }.sorted()))
            }
        }
        return factors
    }

    /// FNV-1a over a column's codes: equal codes give equal fingerprints.
    private static func fingerprint(_ codes: [Int32]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for code in codes { hash = (hash ^ UInt64(UInt32(bitPattern: code))) &* 0x100_0000_01B3 }
        return hash
    }

    /// Whether two lists of corresponding values are equal item by item (numbers by their value: 3 = 3.0).
    private static func sameValues(_ left: [Value], _ right: [Value]) -> Bool {
        left.count == right.count
            && zip(left, right).allSatisfy { x, y in
                if let a = x.numericValue, let b = y.numericValue { return a == b }
                return x == y
            }
    }

    /// Whether `left` is the better name for a factor than `right`: fewer dots, then shorter, then first in order.
    private static func preferredName(_ left: String, over right: String) -> Bool {
        let dots = { (key: String) in key.reduce(0) { $0 + ($1 == "." ? 1 : 0) } }
        return (dots(left), left.count, left) < (dots(right), right.count, right)
    }
}
