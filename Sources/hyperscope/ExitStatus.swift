import ArgumentParser
import Foundation
import Hyperscope

/// The exit statuses of `hyperscope`, decided here and nowhere else from what went wrong (the
/// README lists them).
enum ExitStatus {
    /// The command could not do what was asked: nothing to compute, a study or run not found, a
    /// search none of whose trials succeeded.
    static let failure: Int32 = 1
    /// A configuration, settings or input file, or a value given, is not what was expected.
    static let invalidInput: Int32 = 2
    /// The database cannot be created, opened, read or written, or is damaged.
    static let storageFailure: Int32 = 3
    /// Another hyperscope is running the study; try again when it has finished.
    static let studyInUse: Int32 = 4
    /// The arguments are wrong (ArgumentParser's usage errors).
    static let usage: Int32 = 64
    /// Stopped (Ctrl-C, SIGTERM) before the work was done.
    static let interrupted: Int32 = 130

    /// The status for an error a command threw, or `nil` for any other error: ArgumentParser's own
    /// (help, usage, `ExitCode`), which it reports itself, and errors without a code, which it
    /// reports with status 1 (``failure``).
    static func of(_ error: any Error) -> Int32? {
        switch error {
        case let failure as CommandFailure: failure.status
        case is ConfigurationError: invalidInput
        case let error as StoreError: of(error.code)
        case let error as SearchPlanError: of(error.code)
        case is CancellationError: interrupted
        default: nil
        }
    }

    static func of(_ code: StoreError.Code) -> Int32 {
        code == .unavailable || code == .corrupt ? storageFailure : failure
    }

    static func of(_ code: SearchPlanError.Code) -> Int32 {
        switch code {
        case .studyInUse: studyInUse
        case .invalidConfiguration, .invalidStudyName: invalidInput
        default: failure
        }
    }
}
