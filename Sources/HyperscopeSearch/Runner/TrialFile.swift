import Foundation
import HyperscopeCore

/// The small files a search writes into a trial's folder (`params.json`, `run.json`) and its study's
/// (`children.pid`, when rewritten on resume).
///
/// They are written without syncing them to disk: Foundation's `Data.write(to:)` calls `fsync` on
/// each, about a millisecond every time, which with three files a trial was a large share of a cheap
/// trial's cost. Nothing depends on them surviving a power cut: the store holds the trial and its run,
/// and each file is written again when its trial runs again.
enum TrialFile {
    /// Creates or replaces the file at `path` with `text`.
    ///
    /// - Throws: ``RunnerError`` naming the file when it cannot be opened or written in full.
    static func write(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RunnerError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw RunnerError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }
}
