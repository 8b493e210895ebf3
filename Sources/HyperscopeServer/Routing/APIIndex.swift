import HyperscopeCore

/// `GET /api`: every endpoint with its query parameters, so the API documents itself.
enum APIIndex {
    static let endpoints: [(path: String, parameters: String, description: String)] = [
        (
            "/api/studies", "",
            "studies (name, metric, trials by state, best value) and run collections (folder, format, runs, best value)"
        ),
        (
            "/api/studies/NAME", "state, sort, order",
            "a study's report: overview, branches, importance, optimal ranges, recommendations, trials"
        ),
        (
            "/api/studies/NAME/trials/N", "",
            "one trial: parameters, value with its spread, intermediate values, its runs' curves and log tails"
        ),
        (
            "/api/runs", "where, metric, at, goal, limit, offset",
            "stored runs matching the filter, with the metric's value"
        ),
        (
            "/api/runs/ID", "",
            "one run: parameters, metric summaries, attributes, and the calibration of each predictions file its log named"
        ),
        (
            "/api/sweep", "where, metric, at, goal, limit, offset",
            "the sweep summary: one row per configuration with n, mean, std, 95% CI, median, min, max (best first, 1,000 per page)"
        ),
        (
            "/api/curves", "where, metric, by, x",
            "mean curve with its 95% CI band per group, and the first 100 runs without the curve"
        ),
        (
            "/api/insights", "where, metric, at, goal, bins, binning",
            "value insights, parameter importance and the interaction of the two most important parameters"
        ),
        (
            "/api/experiments/hyperparameter-analysis/", "metric, where, at, goal, bins, binning",
            "value insights in the shape {success, analysis: {<category>: [...], good_threshold, ...}}"
        ),
        ("/api/importance", "where, metric, at, goal", "fANOVA and PED-ANOVA importance (on at most 1,000 runs)"),
        (
            "/api/compare", "by, a, b, metric, where, at, goal",
            "two groups compared: Welch, Mann–Whitney, bootstrap CI, Hedges' g, paired test, verdict, seeds for 80% power"
        ),
    ]

    static var value: Value {
        .object([
            Value.Field("success", .bool(true)),
            Value.Field(
                "endpoints",
                .list(
                    endpoints.map { endpoint in
                        .object([
                            Value.Field("path", .string(endpoint.path)),
                            Value.Field(
                                "parameters",
                                .list(
                                    endpoint.parameters.split(separator: ",").map {
                                        .string($0.trimmingCharacters(in: .whitespaces))
                                    })),
                            Value.Field("description", .string(endpoint.description)),
                        ])
                    })),
        ])
    }
}
