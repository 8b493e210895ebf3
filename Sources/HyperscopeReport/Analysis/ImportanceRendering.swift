import HyperscopeAnalysis
import HyperscopeCore

/// Renders ``ParameterImportance``: a table with text bars, and JSON.
public enum ImportanceRendering {
    /// One row per parameter: encoding, fANOVA mean ± spread over seeds, PED-ANOVA, and a bar of the fANOVA share.
    public static func table(_ importance: ParameterImportance, names: DisplayNames = DisplayNames()) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("param"), TextTable.Column("scale"), TextTable.Column("fANOVA", alignment: .right),
                TextTable.Column("± (seeds)", alignment: .right), TextTable.Column("PED-ANOVA", alignment: .right),
                TextTable.Column(""),
            ],
            rows: importance.entries.map { entry in
                [
                    names.name(of: entry.key) + importance.classification.aliasSuffix(of: entry.key), entry.encoding,
                    NumberFormatting.fixed(entry.fanova, decimals: 3),
                    NumberFormatting.fixed(entry.fanovaSpread, decimals: 3),
                    NumberFormatting.fixed(entry.pedAnova, decimals: 3),
                    String(repeating: "█", count: Int((entry.fanova * 30).rounded())),
                ]
            })
    }

    /// One row per parameter, one fANOVA column per objective (each `mean ± spread over seeds`): how much
    /// each parameter matters to each side of a trade-off. Rows in `order`, then any other parameter.
    static func objectivesTable(_ importances: [ParameterImportance], order: [String]) -> TextTable {
        let keys = order + Set(importances.flatMap { $0.entries.map(\.key) }).subtracting(order).sorted()
        let shown = keys.filter { key in importances.contains { $0.entries.contains { $0.key == key } } }
        return TextTable(
            columns: [TextTable.Column("param")]
                + importances.map { TextTable.Column("\($0.selection.metric) fANOVA", alignment: .right) },
            rows: shown.map { key in
                [key]
                    + importances.map { importance in
                        importance.entries.first { $0.key == key }.map {
                            NumberFormatting.fixed($0.fanova, decimals: 3) + " ± "
                                + NumberFormatting.fixed($0.fanovaSpread, decimals: 3)
                        } ?? "–"
                    }
            })
    }

    /// `{"metric", "runs", "seeds", "importance": [{"param", "field", "aliases", "scale", "fanova", "fanova_std",
    /// "ped_anova"}], "excluded", "identifiers"}`.
    public static func json(_ importance: ParameterImportance, names: DisplayNames = DisplayNames()) -> Value {
        .object([
            Value.Field("metric", .string(importance.selection.metric.description)),
            Value.Field("runs", .int(Int64(importance.runCount))),
            Value.Field("seeds", .list(importance.seeds.map { .int(Int64($0)) })),
            Value.Field(
                "importance",
                .list(
                    importance.entries.map { entry in
                        .object([
                            Value.Field("param", .string(names.name(of: entry.key))),
                            Value.Field("field", .string(entry.key)),
                            Value.Field(
                                "aliases",
                                .list((importance.classification.aliasesByKey[entry.key] ?? []).map(Value.string))),
                            Value.Field("scale", .string(entry.encoding)), Value.Field("fanova", .float(entry.fanova)),
                            Value.Field("fanova_std", .float(entry.fanovaSpread)),
                            Value.Field("ped_anova", .float(entry.pedAnova)),
                        ])
                    })),
            Value.Field("excluded", .list(importance.classification.excluded.map(Value.string))),
            Value.Field("identifiers", .list(importance.classification.identifiers.map(Value.string))),
        ])
    }
}
