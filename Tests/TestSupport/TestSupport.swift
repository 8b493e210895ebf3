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

    /// Creates a fresh, empty scratch folder that the caller removes (or leaves for the OS to clean).
    public static func scratchFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hyperscope-tests")
            .appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
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
