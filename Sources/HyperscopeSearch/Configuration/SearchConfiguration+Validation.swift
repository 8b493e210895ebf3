import HyperscopeCore

extension SearchConfiguration {
    /// The placeholder names a command may use: the parameters (sampled and derived), the repeat
    /// axis, and ``CommandTemplate/builtInNames``.
    public var placeholderNames: Set<String> {
        Set(
            space.dimensions.map(\.name) + space.derived.map(\.name) + CommandTemplate.builtInNames
                + [repeatAxis?.name].compactMap { $0 })
    }

    /// Checks what can only be checked once the command is known: that there is one, that its
    /// braces pair, and that every placeholder it and its working directory use has a value (or,
    /// for a parameter that only some branches define, is optional: `{top_p?}`).
    ///
    /// - Parameter commandLabel: How errors name the command: `objective.command` for the
    ///   configuration file's, `the command after --` for one given on the command line.
    /// - Throws: ``ConfigurationError`` naming the argument and the known names.
    public func validate(commandLabel: String = "objective.command") throws {
        guard !objective.command.isEmpty else {
            throw ConfigurationError(
                .invalidCommand,
                "no objective command: add objective: {command: [program, args, ...]} to the configuration, or give the command after --"
            )
        }
        let known = placeholderNames
        let always = space.alwaysActiveNames.union(CommandTemplate.builtInNames + [repeatAxis?.name].compactMap { $0 })
        let templates =
            [(commandLabel, objective.command)] + [
                ("objective.workdir", [objective.workingDirectory].compactMap { $0 })
            ]
        for (key, arguments) in templates {
            if let problem = CommandTemplate(arguments).braceProblem {
                throw ConfigurationError(.invalidCommand, problem, at: ErrorLocation(keyPath: key))
            }
            for (name, isOptional) in CommandTemplate(arguments).placeholders {
                guard known.contains(name) else {
                    throw ConfigurationError(
                        .invalidCommand, at: ErrorLocation(keyPath: key),
                        "{\(name)} is neither a parameter nor a built-in placeholder; known: \(known.sorted().joined(separator: ", "))"
                    )
                }
                if !isOptional, !always.contains(name) {
                    throw ConfigurationError(
                        .invalidCommand, at: ErrorLocation(keyPath: key),
                        "{\(name)} has a value only in some branches; write it as an optional placeholder, such as --\(name)={\(name)?}, so the argument is left out in the others"
                    )
                }
            }
        }
    }
}
