/// One parameter of a search space: its name, its domain and, for a categorical parameter whose
/// choices lead to different sub-spaces, those branches.
///
/// For example `sampler_type` with choices `top_p` and `min_p`, where `top_p` adds `temperature` and
/// `top_p` and `min_p` adds `temperature` and `min_p` with ranges of their own.
public struct SearchParameter: Sendable, Hashable {
    /// The key the parameter has in the trial's parameters, in `{name}` placeholders and in
    /// `HYPERSCOPE_PARAM_<NAME>` variables.
    public var name: String
    /// The values it may take.
    public var domain: ParameterDomain
    /// The parameters each choice adds, for a categorical parameter; empty otherwise.
    public var branches: [SearchBranch]

    /// Creates a parameter.
    public init(name: String, domain: ParameterDomain, branches: [SearchBranch] = []) {
        self.name = name
        self.domain = domain
        self.branches = branches
    }
}

/// The parameters one choice of a branching parameter adds to the space.
public struct SearchBranch: Sendable, Hashable {
    /// The choice that activates the branch.
    public var choice: Value
    /// The parameters active when the choice is made.
    public var parameters: [SearchParameter]

    /// Creates a branch.
    public init(choice: Value, parameters: [SearchParameter]) {
        self.choice = choice
        self.parameters = parameters
    }
}

/// A parameter computed from the sampled ones, such as `lr = base_lr * batch_size / 256`.
public struct DerivedSearchParameter: Sendable, Hashable {
    /// The parameter's key.
    public var name: String
    /// How it is computed from the other parameters.
    public var expression: ArithmeticExpression

    /// Creates a derived parameter.
    public init(name: String, expression: ArithmeticExpression) {
        self.name = name
        self.expression = expression
    }
}
