import HyperscopeCore

/// The failed trials at the end of a search's history that share one cause, so a search whose
/// trials keep failing the same way (a missing module, a wrong path, a metric never logged) stops
/// instead of burning its whole budget.
///
/// Trials are recorded in the order they finish. A completed or pruned trial ends the streak; a
/// failure with another cause starts a new one; an interrupted trial (stopped by the user) changes
/// nothing.
public struct FailureStreak: Sendable, Hashable {
    /// How many trials in a row failed with ``cause``.
    public private(set) var count = 0
    /// The shared cause: the failure message with its numbers masked, so `exited with status 1`
    /// and a stderr line naming `lr=0.03` or `lr=0.5` count as one cause.
    public private(set) var cause: String?
    /// The last failure's message, as the trial recorded it.
    public private(set) var lastMessage: String?

    /// Creates an empty streak.
    public init() {}

    /// Counts a finished trial.
    public mutating func record(_ trial: Trial) {
        switch trial.state {
        case .completed, .pruned:
            self = FailureStreak()
        case .failed:
            let message = trial.message ?? "failed"
            let cause = Self.cause(of: message)
            count = cause == self.cause ? count + 1 : 1
            self.cause = cause
            lastMessage = message
        case .running, .interrupted:
            break
        }
    }

    /// Whether the streak has reached `limit` failures; a limit of 0 never stops a search.
    public func hasReached(_ limit: Int) -> Bool {
        limit > 0 && count >= limit
    }

    /// A failure message with every run of digits (and a decimal point between them) written `#`.
    public static func cause(of message: String) -> String {
        var cause = ""
        var previousWasNumber = false
        var characters = message.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if character.isASCII, character.isNumber {
                if !previousWasNumber { cause.append("#") }
                previousWasNumber = true
            } else if character == ".", previousWasNumber, pending?.isASCII == true, pending?.isNumber == true {
                continue
            } else {
                cause.append(character)
                previousWasNumber = false
            }
        }
        return cause
    }
}
