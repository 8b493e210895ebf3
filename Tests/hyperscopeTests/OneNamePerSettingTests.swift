import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// A search whose command logs its own config stores each setting twice (`lr` from the search,
/// `optim.lr` from the command): every analysis treats the pair as one setting.
@Suite("One setting, one name, through the CLI")
struct OneNamePerSettingTests {
    @Test("sweep, importance, insights and suggest see lr (= optim.lr) once, and leave a per-run folder name out")
    func searchLoggingItsConfig() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("one-name"))
        // The child logs its config (optim.lr, optim.name and a folder of its own) and a score; no braces in the code.
        let child =
            "import json, sys; lr = float(sys.argv[1]); name = sys.argv[2]; "
            + "print(json.dumps(dict(event='config', params=dict(optim=dict(lr=lr, name=name), experiment_dir='exp/' + sys.argv[3])))); "
            + "print(json.dumps(dict([('val/score', -(lr - 0.3) ** 2 + (0.1 if name == 'adam' else 0.0))])))"
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: twice
            objective:
              command: [python3, -c, "\(child)", "{lr}", "{optimizer}", "{trial}"]
              metric: val/score
            parameters:
              lr: {low: 0.01, high: 0.6}
              optimizer: [adam, sgd]
            strategy: random
            trials: 16
            """)
        let search = try cli.run(["search", "--config", path])
        #expect(search.status == 0, "\(search.stderr)")

        let sweep = try cli.run(["sweep", "--where", "study = twice", "--metric", "val/score"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("varying: lr (= optim.lr), optimizer (= optim.name)"), "\(sweep.stdout)")
        #expect(
            sweep.stdout.contains("left out as identifiers (a different text in every run): experiment_dir"),
            "\(sweep.stdout)")

        let importance = try cli.run([
            "importance", "--where", "study = twice", "--metric", "val/score", "--format", "json",
        ])
        #expect(importance.status == 0, "\(importance.stderr)")
        guard case .list(let entries)? = try importance.json()["importance"] else {
            Issue.record("no importance: \(importance.stdout)")
            return
        }
        #expect(Set(entries.compactMap { $0["field"]?.stringValue }) == ["lr", "optimizer"])
        #expect(entries.first { $0["field"] == .string("lr") }?["aliases"] == .list([.string("optim.lr")]))

        let insights = try cli.run(["insights", "--where", "study = twice", "--metric", "val/score"])
        #expect(insights.stdout.contains("lr (= optim.lr)"), "\(insights.stdout)")
        #expect(!insights.stdout.contains("experiment_dir"))

        let suggest = try cli.run([
            "suggest", "--where", "study = twice", "--metric", "val/score", "-n", "3", "--format", "json",
        ])
        #expect(suggest.status == 0, "\(suggest.stderr)")
        guard case .list(let suggestions) = try suggest.json() else {
            Issue.record("no suggestions: \(suggest.stdout)")
            return
        }
        for suggestion in suggestions {
            guard case .object(let params)? = suggestion["params"] else { continue }
            #expect(params.map(\.key).sorted() == ["lr", "optimizer"], "\(suggestion)")
        }
    }
}
