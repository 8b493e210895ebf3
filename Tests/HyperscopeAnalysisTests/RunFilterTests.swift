import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("The --where language")
struct RunFilterTests {
    static let runs: [Run] = [
        Run(
            id: 1, key: "a", name: "adam-small", source: "/l/a.jsonl", format: .hyperscope, status: .completed,
            params: [
                "optim.lr": .float(0.001), "optim.name": .string("adam"), "model.arch": .string("resnet18"),
                "batch_size": .int(64),
                "tags": .list([.string("ablation-1"), .string("v2")]), "model.weights": .null,
            ],
            curves: [
                MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.8, 0.93, 0.91]),
                MetricCurve(key: MetricKey(parsing: "val/loss"), values: [0.5, 0.3, 0.35]),
            ]),
        Run(
            id: 2, key: "b", name: "sgd-big", source: "/l/b.jsonl", format: .hyperscope, status: .failed,
            params: [
                "optim.lr": .float(0.1), "optim.name": .string("sgd"), "model.arch": .string("resnet50"),
                "batch_size": .int(256),
                "model.weights": .string("imagenet"),
            ],
            curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.6, 0.7])]),
        Run(
            id: 3, key: "c", name: "adam-vit", source: "/l/c.jsonl", format: .hyperscope, status: .completed,
            params: ["optim.lr": .int(1), "optim.name": .string("adam"), "model.arch": .string("vit")]),
    ]

    func names(_ expression: String) throws -> [String] {
        let filter = try RunFilter.parse(expression)
        return Self.runs.filter { filter.matches($0) }.map(\.name)
    }

    @Test(
        "expressions select the expected runs",
        arguments: [
            ("optim.lr >= 1e-3 and model.arch in [resnet18, resnet50]", ["adam-small", "sgd-big"]),
            ("status = completed", ["adam-small", "adam-vit"]),
            ("status != completed", ["sgd-big"]),
            ("tags ~ \"ablation*\"", ["adam-small"]),
            ("name ~ 'adam-*' and not model.arch = vit", ["adam-small"]),
            ("val/acc.best > 0.9", ["adam-small"]),
            ("val/acc > 0.9", ["adam-small"]),
            ("val/acc.last <= 0.7 or optim.lr = 1.0", ["sgd-big", "adam-vit"]),
            ("val/loss.best < 0.31", ["adam-small"]),
            ("val/acc.count = 3", ["adam-small"]),
            ("(optim.name = adam or batch_size > 100) and status = completed", ["adam-small", "adam-vit"]),
            ("model.weights = null", ["adam-small", "adam-vit"]),
            ("batch_size not in [64]", ["sgd-big", "adam-vit"]),
            ("optim.name == 'sgd'", ["sgd-big"]),
            ("model.arch > resnet20", ["sgd-big", "adam-vit"]),
            ("id <= 2 and batch_size >= 64", ["adam-small", "sgd-big"]),
        ])
    func selects(_ expression: String, expected: [String]) throws {
        #expect(try names(expression) == expected, "\(expression)")
        // Reading the parameters from columns selects the same runs.
        let positions = try RunFilter.positions(
            in: Self.runs, columns: ParameterColumns(Self.runs), where: expression, goals: MetricGoals()
        ).get()
        #expect(positions.map { Self.runs[$0].name } == expected, "\(expression) through columns")
    }

    @Test(
        "a bad expression points at its column",
        arguments: [
            ("optim.lr >=", 12, "expected a value after '>='"),
            ("optim.lr 0.1", 10, "expected an operator"),
            ("(status = completed", 20, "expected ')'"),
            ("status = completed and", 23, "expected a field name"),
            ("arch in [a, b", 14, "expected ',' or ']'"),
            ("name = \"open", 8, "unterminated quoted string"),
            ("lr ! 3", 4, "'!' must be followed by '='"),
            ("lr = 1 2", 8, "expected 'and', 'or' or the end"),
        ])
    func syntaxErrors(_ expression: String, column: Int, reason: String) {
        #expect {
            try RunFilter.parse(expression)
        } throws: { error in
            guard let error = error as? FilterSyntaxError else { return false }
            return error.column == column && error.reason.contains(reason) && error.description.contains("^")
        }
    }

    @Test("fields no run has are caught, known ones are not")
    func knownFields() {
        #expect(RunField.isKnown("optim.lr", in: Self.runs))
        #expect(RunField.isKnown("val/acc.best", in: Self.runs))
        #expect(RunField.isKnown("status", in: Self.runs))
        #expect(!RunField.isKnown("optim.lrr", in: Self.runs))
        #expect(!RunField.isKnown("val/acc.median", in: Self.runs))
    }

    @Test(
        "globs match whole strings with *, ? and classes",
        arguments: [
            ("ablation*", "ablation-1", true), ("*-1", "ablation-1", true), ("abl?tion*", "ablation", true),
            ("[ab]*", "bert", true), ("[!ab]*", "bert", false), ("res[0-9]*", "res50x", true),
            ("a*b", "axxbxxc", false), ("", "", true),
        ])
    func globs(_ pattern: String, text: String, matches: Bool) {
        #expect(Glob(pattern).matches(text) == matches)
    }

    @Test("sorting puts the best metric values first and everything else ascending, missing values last")
    func ordering() {
        let names = { (field: String) in RunOrdering.sorted(Self.runs, by: field, goals: MetricGoals()).map(\.name) }
        #expect(names("val/acc.best") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(names("val/loss") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(names("id") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(names("optim.lr") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(names("batch_size") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(names("model.arch") == ["adam-small", "sgd-big", "adam-vit"])
        #expect(
            RunOrdering.sorted(Self.runs, by: "val/acc.best", goals: MetricGoals(all: .minimize)).map(\.name) == [
                "sgd-big", "adam-small", "adam-vit",
            ])
        #expect(names("name") == ["adam-small", "adam-vit", "sgd-big"])
    }

    @Test("parameters that vary across runs are found; a key missing from some runs varies")
    func varyingKeys() {
        #expect(
            ParameterVariation.varyingKeys(in: Self.runs) == [
                "batch_size", "model.arch", "model.weights", "optim.lr", "optim.name", "tags",
            ])
    }
}
