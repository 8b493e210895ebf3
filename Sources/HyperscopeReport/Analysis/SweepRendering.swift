import HyperscopeAnalysis
import HyperscopeCore

/// Renders a ``SweepSummary``: a table (with display names) and the JSON of `hyperscope sweep`.
public enum SweepRendering {
    /// One row per group: the varying parameters (floats to four significant digits, more where two
    /// groups would otherwise read alike), n, seeds, and mean, std, sem, 95% CI, median, min, max.
    public static func table(_ summary: SweepSummary, names: DisplayNames = DisplayNames()) -> TextTable {
        var columns = summary.varying.map {
            TextTable.Column(names.name(of: $0) + summary.classification.aliasSuffix(of: $0))
        }
        columns += [
            TextTable.Column("n", alignment: .right), TextTable.Column("seeds"),
            TextTable.Column("mean", alignment: .right),
            TextTable.Column(SampleSummary.standardDeviationLabel, alignment: .right),
            TextTable.Column("sem", alignment: .right), TextTable.Column("95% CI", alignment: .right),
            TextTable.Column("median", alignment: .right), TextTable.Column("min", alignment: .right),
            TextTable.Column("max", alignment: .right),
        ]
        // The groups' rows are not made: each varying key's distinct values among the groups are
        // written once (floats at the digits that tell them apart, display names applied) and each
        // cell is its group's value's text, by code. Columns and pieces of rows are made on every
        // core: a random search has 100,000 groups.
        let groups = summary.groups
        let cells = Array(summary.varying.indices).concurrentMap { column -> (codes: [Int32], texts: [String]) in
            let key = summary.varying[column]
            let codes = groups.combinationCodes(varying: column)
            let values = groups.distinctValues(varying: column)
            var present = [Bool](repeating: false, count: values.count)
            for code in codes where code >= 0 { present[Int(code)] = true }
            // Finding the digits writes each float at them: those are its cells, unless display names
            // are configured (they may rename a value).
            let (digits, shortTexts) = Value.shortTexts(values, counted: present)
            let texts =
                names.values.isEmpty
                ? shortTexts
                : values.indices.map { present[$0] ? names.value(values[$0], of: key, digits: digits) : "" }
            return (codes, texts + [names.value(nil, of: key)])
        }
        let rows = concurrentPieces(of: groups.count) { range in
            range.map { offset in
                let position = groups.startIndex + offset
                var row = cells.map { column in
                    let code = Int(column.codes[offset])
                    return column.texts[code < 0 ? column.texts.count - 1 : code]
                }
                let (stats, seeds) = groups.statistics(at: position)
                // A group of one run (most groups of a random search) has one value for its mean,
                // median, minimum and maximum: written once.
                let mean = NumberFormatting.metric(stats?.mean)
                let text = { (value: Double?) in
                    value?.bitPattern == stats?.mean.bitPattern ? mean : NumberFormatting.metric(value)
                }
                row += [
                    String(stats?.count ?? 0), seeds.map(\.displayText).joined(separator: ","),
                    mean, NumberFormatting.metric(stats?.standardDeviation),
                    NumberFormatting.metric(stats?.standardError),
                    stats?.confidenceInterval95.map {
                        "[\(NumberFormatting.metric($0.lowerBound)), \(NumberFormatting.metric($0.upperBound))]"
                    } ?? "–",
                    text(stats?.median), text(stats?.minimum), text(stats?.maximum),
                ]
                return row
            }
        }.flatMap { $0 }
        return TextTable(columns: columns, rows: rows)
    }

    /// The incomplete runs as a table: id, name, reason.
    public static func incompleteTable(_ summary: SweepSummary) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("id", alignment: .right), TextTable.Column("name"),
                TextTable.Column("left out because"),
            ],
            rows: summary.incomplete.map { [String($0.runID), $0.name, $0.reason] })
    }

    /// `{"metric", "at", "goal", "varying": [{key, name, aliases}], "excluded", "identifiers", "groups": [{params,
    /// display, n, mean, std,
    /// sem, ci95, median, min, max, seeds, runs}], "incomplete": [{id, name, reason}]}`; raw values in
    /// `params`, display names beside them.
    public static func json(_ summary: SweepSummary, names: DisplayNames = DisplayNames()) -> Value {
        func number(_ value: Double?) -> Value { value.map(Value.float) ?? .null }
        return .object([
            Value.Field("metric", .string(summary.selection.metric.description)),
            Value.Field("at", .string(summary.selection.point.description)),
            Value.Field("goal", .string(summary.selection.goal.rawValue)),
            Value.Field(
                "varying",
                .list(
                    summary.varying.map { key in
                        .object([
                            Value.Field("key", .string(key)), Value.Field("name", .string(names.name(of: key))),
                            Value.Field(
                                "aliases", .list((summary.classification.aliasesByKey[key] ?? []).map(Value.string))),
                        ])
                    })),
            Value.Field("excluded", .list(summary.excluded.map(Value.string))),
            Value.Field("identifiers", .list(summary.classification.identifiers.map(Value.string))),
            Value.Field(
                "groups",
                .list(
                    summary.groups.map { group in
                        let stats = group.summary
                        return .object([
                            Value.Field(
                                "params",
                                .object(zip(group.keys, group.combination).map { Value.Field($0, $1 ?? .null) })),
                            Value.Field(
                                "display",
                                .object(
                                    zip(group.keys, group.combination).map { key, value in
                                        Value.Field(names.name(of: key), .string(names.value(value, of: key)))
                                    })),
                            Value.Field("n", .int(Int64(stats?.count ?? 0))),
                            Value.Field("mean", number(stats?.mean)),
                            Value.Field("std", number(stats?.standardDeviation)),
                            Value.Field("sem", number(stats?.standardError)),
                            Value.Field(
                                "ci95",
                                stats?.confidenceInterval95.map {
                                    .list([.float($0.lowerBound), .float($0.upperBound)])
                                } ?? .null),
                            Value.Field("median", number(stats?.median)),
                            Value.Field("min", number(stats?.minimum)),
                            Value.Field("max", number(stats?.maximum)),
                            Value.Field(
                                "note",
                                stats?.noSpreadReason.map(Value.string)
                                    ?? (stats == nil ? .string("no run has the metric") : .null)),
                            Value.Field("seeds", .list(group.seeds)),
                            Value.Field("runs", .list(group.runIDs.map(Value.int))),
                        ])
                    })),
            Value.Field(
                "incomplete",
                .list(
                    summary.incomplete.map { run in
                        .object([
                            Value.Field("id", .int(run.runID)), Value.Field("name", .string(run.name)),
                            Value.Field("reason", .string(run.reason)),
                        ])
                    })),
        ])
    }
}
