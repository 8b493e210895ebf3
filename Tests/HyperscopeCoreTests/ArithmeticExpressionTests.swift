import HyperscopeCore
import Testing

@Suite("Arithmetic expressions")
struct ArithmeticExpressionTests {
    static let values: [String: Double] = ["lr": 0.1, "data.n_train": 1000, "batch_size": 64, "base_lr": 0.2]

    func evaluate(_ text: String) throws -> Double {
        try ArithmeticExpression.parse(text).evaluate { Self.values[$0] }.get()
    }

    static let cases: [(String, Double)] = [
        ("lr * ceil(data.n_train / batch_size)", 0.1 * 16), ("base_lr * batch_size / 256", 0.05), ("2 ^ 3 ^ 2", 512),
        ("2 ** 10", 1024),
        ("-lr + 1", 0.9), ("(1 + 2) * 3", 9), ("max(lr, 0.5) + min(1, 2)", 1.5), ("log10(1e3)", 3),
        ("1.5e-3 * 2", 0.003),
        ("sqrt(16) - abs(-2) + floor(2.7) + round(2.5) + pow(2, 3)", 4 - 2 + 2 + 3 + 8),
    ]

    @Test("expressions evaluate with precedence, functions and dotted names", arguments: cases)
    func evaluates(_ text: String, expected: Double) throws {
        #expect(abs(try evaluate(text) - expected) < 1e-12, "\(text)")
    }

    @Test(
        "parse errors name the column",
        arguments: [
            ("lr *", 5, "expected a number"), ("lr * (2 + 3", 12, "expected ')'"), ("nope(2)", 1, "unknown function"),
            ("2 $ 3", 3, "unexpected '$'"), ("max(1)", 1, "takes 2 arguments"),
        ])
    func parseErrors(_ text: String, column: Int, reason: String) {
        #expect {
            try ArithmeticExpression.parse(text)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.column == column && error.reason.contains(reason)
        }
    }

    @Test("evaluation errors explain: a missing name, a division by zero")
    func evaluationErrors() throws {
        #expect(throws: ExpressionError.self) {
            try ArithmeticExpression.parse("missing * 2").evaluate { _ in nil }.get()
        }
        #expect(throws: ExpressionError.self) {
            try ArithmeticExpression.parse("1 / (lr - 0.1)").evaluate { Self.values[$0] }.get()
        }
        #expect(try ArithmeticExpression.parse("lr * batch_size").names == ["lr", "batch_size"])
    }
}
