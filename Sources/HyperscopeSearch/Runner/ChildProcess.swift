import Foundation

/// A child process started without a shell, in a process group of its own, with its standard
/// output read line by line as it is written.
///
/// Arguments go to `execve` as they are, so no value can be interpreted as shell syntax. The child's
/// signal dispositions are reset to their defaults (the orchestrator ignores SIGINT itself), its
/// standard input is `/dev/null`, its standard error goes straight to a file, and its standard
/// output is copied to a file while it is read. Signals are sent to the whole group, so a training
/// script's own workers stop with it.
package final class ChildProcess: Sendable {
    /// How a child ended.
    package enum Termination: Sendable, Hashable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        /// Whether it exited with status 0.
        package var isSuccess: Bool { self == .exited(0) }

        /// "exit status 2", "signal 9 (SIGKILL)".
        package var description: String {
            switch self {
            case .exited(let status): return "exit status \(status)"
            case .signalled(let signal):
                let names: [Int32: String] = [
                    SIGTERM: "SIGTERM", SIGKILL: "SIGKILL", SIGINT: "SIGINT", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT",
                ]
                return "signal \(signal)" + (names[signal].map { " (\($0))" } ?? "")
            }
        }
    }

    /// The child's process id (also its process group id).
    package let pid: pid_t
    private let outputDescriptor: Int32

    /// Starts `arguments[0]` (found on `PATH` when it has no slash) with the other arguments.
    ///
    /// - Parameters:
    ///   - environment: The child's whole environment.
    ///   - workingDirectory: Where the child runs; `nil` for the current folder.
    ///   - standardErrorPath: The file the child's standard error is written to (created or truncated).
    /// - Throws: ``RunnerError`` when the program cannot be started (not found, not executable, bad folder).
    package init(
        arguments: [String], environment: [String: String], workingDirectory: String?, standardErrorPath: String
    ) throws {
        guard let program = arguments.first, !program.isEmpty else { throw RunnerError("the command is empty") }
        if let workingDirectory, !FileManager.default.fileExists(atPath: workingDirectory) {
            throw RunnerError("the working directory \(workingDirectory) does not exist")
        }
        // Both pipe ends are close-on-exec, and pipes are made and children spawned one at a time,
        // so no child inherits another's pipe (which would keep that child's output open after it exits).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw RunnerError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let workingDirectory {
            guard let addChdir = Self.addChdir else {
                throw RunnerError(
                    "this system cannot start a program in another folder (no posix_spawn_file_actions_addchdir_np)")
            }
            _ = addChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var unmasked = sigset_t()
        sigemptyset(&unmasked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unmasked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var childPID: pid_t = 0
        let status = posix_spawnp(&childPID, program, &actions, &attributes, argv, envp)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            let reason =
                status == ENOENT
                ? "not found" + (program.contains("/") ? "" : " on PATH") : String(cString: strerror(status))
            throw RunnerError("cannot start \(program): \(reason)")
        }
        pid = childPID
        outputDescriptor = pipeEnds[0]
    }

    /// Sends a signal to the child's whole process group.
    package func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// The child's standard output as lines (without line breaks), copied to `copyPath` as read.
    ///
    /// The stream ends when every process holding the output has closed it. Lines longer than
    /// `maximumLineBytes` are cut there.
    package func outputLines(copyingTo copyPath: String, maximumLineBytes: Int = 16 << 20) -> AsyncStream<[UInt8]> {
        let descriptor = outputDescriptor
        return AsyncStream { continuation in
            let thread = Thread {
                let copy = open(copyPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                var buffer = [UInt8](repeating: 0, count: 65_536)
                var pending: [UInt8] = []
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    if copy >= 0 { _ = buffer.withUnsafeBytes { write(copy, $0.baseAddress, count) } }
                    var start = 0
                    for index in 0..<count where buffer[index] == 0x0A {
                        pending.append(contentsOf: buffer[start..<index])
                        continuation.yield(
                            pending.count > maximumLineBytes ? Array(pending.prefix(maximumLineBytes)) : pending)
                        pending.removeAll(keepingCapacity: true)
                        start = index + 1
                    }
                    if pending.count <= maximumLineBytes { pending.append(contentsOf: buffer[start..<count]) }
                }
                if !pending.isEmpty { continuation.yield(pending) }
                if copy >= 0 { close(copy) }
                close(descriptor)
                continuation.finish()
            }
            thread.start()
        }
    }

    /// Waits for the child to end, on a thread of its own so no task is blocked.
    package func termination() async -> Termination {
        let pid = self.pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal))
            }
            thread.start()
        }
    }

    private static let spawnLock = NSLock()

    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np`, which Swift's Glibc module does not declare.
    private static let addChdir: AddChdir? = dlsym(
        UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np"
    )
    .map { unsafeBitCast($0, to: AddChdir.self) }
}

/// A command that could not be run, with what to do about it.
package struct RunnerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package var description: String

    /// Creates an error.
    package init(_ description: String) {
        self.description = description
    }
}
