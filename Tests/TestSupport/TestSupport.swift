import Foundation
import HyperscopeCore

/// Helpers shared by the test targets: fixture paths, scratch folders, and files written on the fly.
public enum TestSupport {
    /// The `Tests/Fixtures` folder of the repository.
    public static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Fixtures")
    }

    /// The repository's root folder.
    public static var repositoryRoot: URL {
        fixtures.deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fixture file or folder by its path under `Tests/Fixtures`.
    public static func fixture(_ relativePath: String) -> String {
        fixtures.appendingPathComponent(relativePath).path
    }

    /// Creates a fresh, empty scratch folder, inside a folder of this test process's that is removed
    /// when the process exits (a run that crashed leaves its folder, removed by the next run).
    public static func scratchFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = processScratchRoot.appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The folder holding every test process's scratch folders.
    private static let scratchBase = FileManager.default.temporaryDirectory.appendingPathComponent("hyperscope-tests")

    /// This process's scratch root, `hyperscope-tests/process-PID`: made on first use, when the roots of
    /// processes that no longer run are removed and this one's removal at exit is registered.
    private static let processScratchRoot: URL = {
        removeScratchRootsOfEndedProcesses()
        atexit { try? FileManager.default.removeItem(at: TestSupport.processScratchRoot) }
        return scratchBase.appendingPathComponent("process-\(getpid())")
    }()

    /// Removes the scratch roots (and older loose scratch folders) left by test processes that have ended.
    private static func removeScratchRootsOfEndedProcesses() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scratchBase.path)) ?? []
        for name in names {
            if name.hasPrefix("process-"), let pid = pid_t(name.dropFirst("process-".count)),
                kill(pid, 0) == 0 || errno != ESRCH
            {
                continue
            }
            try? FileManager.default.removeItem(at: scratchBase.appendingPathComponent(name))
        }
    }

    /// Writes text to `relativePath` under `folder`, creating intermediate folders.
    @discardableResult
    public static func write(_ text: String, to relativePath: String, in folder: URL) throws -> URL {
        try write(Data(text.utf8), to: relativePath, in: folder)
    }

    /// Writes bytes to `relativePath` under `folder`, creating intermediate folders.
    @discardableResult
    public static func write(_ data: Data, to relativePath: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    /// Replaces the file at `url` with `text` as an editor's save does: written to a new file beside
    /// it, then renamed over it (a new inode). Foundation's atomic writes do the same through a
    /// `/tmp/TemporaryDirectory.*` folder that they never remove.
    public static func replace(_ url: URL, with text: String) throws {
        let sibling = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new")
        try Data(text.utf8).write(to: sibling)
        guard rename(sibling.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Copies a fixture folder into a scratch folder, so tests may modify it.
    public static func copyFixtureFolder(_ relativePath: String, name: String = #function) throws -> URL {
        let destination = try scratchFolder(name).appendingPathComponent((relativePath as NSString).lastPathComponent)
        try FileManager.default.copyItem(atPath: fixture(relativePath), toPath: destination.path)
        return destination
    }

    /// Sets a file's modification time, to simulate a log written long ago (or just now).
    public static func setModificationDate(_ date: Date, of url: URL) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
    }
}

/// The deterministic generator of randomized tests, which print their seed.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// A fresh random seed, or the one in `HYPERSCOPE_TEST_SEED` to replay a failure.
    public static func newSeed() -> UInt64 {
        ProcessInfo.processInfo.environment["HYPERSCOPE_TEST_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 0...UInt64.max)
    }
}
