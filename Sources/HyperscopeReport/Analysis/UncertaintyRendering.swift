import HyperscopeAnalysis
import HyperscopeCore

/// The uncertainty of stochastic passes as tables (the triage, the examples of a bucket) and JSON.
public enum UncertaintyRendering {
    /// Each bucket's count and accuracy.
    public static func bucketTable(_ triage: PassUncertainty.Triage) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("triage"), TextTable.Column("examples", alignment: .right),
                TextTable.Column("accuracy", alignment: .right),
            ],
            rows: triage.buckets.map { summary in
                [
                    summary.bucket.rawValue, String(summary.count),
                    summary.count > 0 ? NumberFormatting.metric(summary.accuracy) : "–",
                ]
            })
    }

    /// One line on whether the spread tells mistakes from right predictions.
    public static func separationLine(_ triage: PassUncertainty.Triage) -> String {
        guard let auroc = triage.spreadAUROC, let p = triage.spreadAUROCp else {
            return "The spread's AUROC for mistakes needs both mistakes and right predictions."
        }
        return "The passes' spread separates mistakes from right predictions with AUROC "
            + "\(NumberFormatting.metric(auroc, digits: 3)) (Mann–Whitney \(NumberFormatting.pStatement(p))); 0.5 is chance."
    }

    /// The examples of `bucket`, most spread first, named by `ids`.
    public static func examplesTable(
        _ uncertainty: PassUncertainty, ids: [String], bucket: PassUncertainty.Bucket
    ) -> TextTable {
        let members = uncertainty.examples.filter { $0.bucket == bucket }.sorted { $0.spread > $1.spread }
        return TextTable(
            columns: [
                TextTable.Column("example"), TextTable.Column("label", alignment: .right),
                TextTable.Column("predicted", alignment: .right), TextTable.Column("confidence", alignment: .right),
                TextTable.Column("spread", alignment: .right), TextTable.Column("entropy", alignment: .right),
                TextTable.Column("mutual information", alignment: .right),
            ],
            rows: members.map { example in
                [
                    ids[example.index], String(example.label), String(example.predicted),
                    NumberFormatting.metric(example.confidence), NumberFormatting.metric(example.spread),
                    NumberFormatting.metric(example.entropy), NumberFormatting.metric(example.mutualInformation),
                ]
            })
    }

    /// `{"buckets": [{"bucket", "count", "accuracy"}], "spread_auroc", "spread_auroc_p", "examples": [...]}`,
    /// the examples those of `listed` (every one when `nil`).
    public static func json(_ uncertainty: PassUncertainty, ids: [String], listed: PassUncertainty.Bucket?) -> Value {
        func number(_ value: Double?) -> Value { value.map(Value.float) ?? .null }
        return .object([
            Value.Field(
                "buckets",
                .list(
                    uncertainty.triage.buckets.map { summary in
                        .object([
                            Value.Field("bucket", .string(summary.bucket.rawValue)),
                            Value.Field("count", .int(Int64(summary.count))),
                            Value.Field("accuracy", .float(summary.accuracy)),
                        ])
                    })),
            Value.Field("spread_auroc", number(uncertainty.triage.spreadAUROC)),
            Value.Field("spread_auroc_p", number(uncertainty.triage.spreadAUROCp)),
            Value.Field(
                "examples",
                .list(
                    uncertainty.examples.filter { listed == nil || $0.bucket == listed }.map { example in
                        .object([
                            Value.Field("id", .string(ids[example.index])),
                            Value.Field("label", .int(Int64(example.label))),
                            Value.Field("predicted", .int(Int64(example.predicted))),
                            Value.Field("confidence", .float(example.confidence)),
                            Value.Field("spread", .float(example.spread)),
                            Value.Field("entropy", .float(example.entropy)),
                            Value.Field("mutual_information", .float(example.mutualInformation)),
                            Value.Field("bucket", .string(example.bucket.rawValue)),
                        ])
                    })),
        ])
    }
}
