import ArgumentParser
import Foundation
import Hyperscope

/// `--status`: which runs an objective-based analysis judges, by status (completed by default).
struct StatusOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Judge runs of these statuses: completed (the default), completed,pruned, …, or all.",
            discussion:
                "A pruned, failed or unfinished run's value stopped early. A --where that names status chooses instead.",
            valueName: "statuses"))
    var status: String?

    /// The statuses judged: `--status`, else every status when `--where` names `status`, else completed.
    ///
    /// - Parameter whereExpression: The `--where` given, whose naming of `status` turns the default off.
    func resolved(whereExpression: String?) throws -> RunStatusSelection {
        let given: RunStatusSelection?
        do throws(NotComputable) {
            given = try status.map { text throws(NotComputable) in try RunStatusSelection(parsing: text) }
        } catch {
            throw ValidationError(error.reason)
        }
        let fields = whereExpression.flatMap { try? RunFilter.parse($0).expression.fields } ?? []
        return RunStatusSelection.resolved(given: given, whereFields: fields)
    }

    /// The runs of the chosen statuses (see ``resolved(whereExpression:)``); what was left out is
    /// noted on standard error.
    func select(_ runs: [Run], whereExpression: String?) throws -> [Run] {
        let result = try resolved(whereExpression: whereExpression).apply(runs)
        Self.write(note: result.note)
        return result.runs
    }

    /// The positions among `statuses` of the statuses chosen (see ``resolved(whereExpression:)``);
    /// what was left out is noted on standard error.
    func select(statuses: [RunStatus], whereExpression: String?) throws -> [Int] {
        let selection = try resolved(whereExpression: whereExpression)
        let (kept, leftOut) = selection.keptPositions(statuses)
        Self.write(note: RunStatusSelectionResult.note(leftOut: leftOut, selection: selection))
        return kept
    }

    private static func write(note: String?) {
        if let note { FileHandle.standardError.write(Data(("note: " + note + "\n").utf8)) }
    }
}
