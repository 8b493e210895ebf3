import HyperscopeCore

/// Why a search cannot be planned or started: a stable ``code`` a program can branch on, and a
/// ``message`` a user can act on.
public struct SearchPlanError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier of what went wrong; new codes may be added.
    public typealias Code = ErrorCode<SearchPlanError>

    /// What went wrong.
    public let code: Code
    /// What went wrong, for a user, without the advice on what to type next (which depends on the
    /// face asking: the CLI adds its own).
    public let message: String
    /// The study concerned, when there is one.
    public let study: String?

    package init(_ code: Code, _ message: String, study: String? = nil) {
        self.code = code
        self.message = message
        self.study = study
    }

    /// The message.
    public var description: String { message }
}

extension ErrorCode where Domain == SearchPlanError {
    /// No stored study has the name given to resume.
    public static var studyNotFound: Self { Self("study-not-found") }

    /// A new study was asked for under a name a stored study has.
    public static var studyExists: Self { Self("study-exists") }

    /// The name cannot name a study (empty, too long, or with control characters).
    public static var invalidStudyName: Self { Self("invalid-study-name") }

    /// The stored study has no configuration to resume with.
    public static var noStoredConfiguration: Self { Self("no-stored-configuration") }

    /// The stored configuration no longer reads, or the sampler cannot use the space (a mistake in a
    /// configuration file or a change is a ``ConfigurationError``).
    public static var invalidConfiguration: Self { Self("invalid-configuration") }

    /// Another orchestrator is running the study.
    public static var studyInUse: Self { Self("study-in-use") }
}
