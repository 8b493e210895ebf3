import ArgumentParser
import Hyperscope

/// `hyperscope backfill`: compute the derived parameters of hyperscope.yaml for every stored run.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Recompute the derived parameters declared in hyperscope.yaml for every stored run.",
        discussion:
            "Run it after changing `derived:`; `hyperscope ingest` also applies the declarations to what it reads.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigOptions

    func run() async throws {
        let settings = try configuration.settings()
        let database = try store.openStore()
        let result = try await Backfill.apply(settings.derived, to: database)
        print(Backfill.summary(result, declarations: settings.derived), terminator: "")
    }
}

/// Computing and storing derived parameters; shared by `backfill` and `ingest`.
enum Backfill {
    /// Computes the declarations for every stored run and stores them (also removing derived keys no
    /// longer declared).
    static func apply(
        _ declarations: [DerivedParameter], to store: any Store
    ) async throws -> (runs: Int, values: DerivedValues) {
        let runs = try await store.runs(includingCurves: false)
        let values = DerivedValues(runs: runs, declarations: declarations)
        try await store.replaceDerivedParameters(values.valuesByRun)
        return (runs.count, values)
    }

    /// What was derived, per parameter, and the first failures.
    static func summary(_ result: (runs: Int, values: DerivedValues), declarations: [DerivedParameter]) -> String {
        guard !declarations.isEmpty else {
            return
                "No derived parameters declared (hyperscope.yaml, derived:); removed any stored before from \(result.runs) runs.\n"
        }
        var text = "Derived parameters for \(result.runs) runs:\n"
        for declaration in declarations {
            let computed = result.values.valuesByRun.values.filter { $0[declaration.name] != nil }.count
            text += "  \(declaration.name): \(computed) computed"
            let failed = result.values.failures.filter { $0.name == declaration.name }
            if let first = failed.first {
                text += ", \(failed.count) without a value (run \(first.runID): \(first.reason))"
            }
            text += "\n"
        }
        return text
    }
}
