import HyperscopeCore

/// Why a search cannot be planned or started: a stable ``code`` a program can branch on, and a
/// ``message`` a user can act on.
public struct SearchPlanError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier of what went wrong; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No stored study has the name given to resume.
        public static let studyNotFound = Code("study-not-found")
        /// A new study was asked for under a name a stored study has.
        public static let studyExists = Code("study-exists")
        /// The name cannot name a study (empty, too long, or with control characters).
        public static let invalidStudyName = Code("invalid-study-name")
        /// The stored study has no configuration to resume with.
        public static let noStoredConfiguration = Code("no-stored-configuration")
        /// The configuration (a file, the stored one, or a change to it) is not one a search can run.
        public static let invalidConfiguration = Code("invalid-configuration")
        /// Another orchestrator is running the study.
        public static let studyInUse = Code("study-in-use")

        /// The code's stable text, such as `study-exists`.
        public var description: String { name }
    }

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
