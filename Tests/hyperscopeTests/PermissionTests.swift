import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// Files and folders a user cannot read, seen as the user who cannot read them: the tests run
/// `hyperscope` as `nobody` (through `setpriv`), since root reads everything.
@Suite("Unreadable files and folders")
struct PermissionTests {
    /// Runs the built binary as `nobody` in `folder`, or returns `nil` (with the reason printed) when
    /// this machine cannot do that.
    static func runAsNobody(_ arguments: [String], in folder: URL) throws -> CLI.Result? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: running as another user needs root and /usr/bin/setpriv")
            return nil
        }
        let nobody = CLI(
            workingDirectory: folder,
            launcher: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        return try nobody.run(arguments)
    }

    @Test(
        "a file that cannot be opened is a problem, and is read on the next ingestion once its permission is fixed; an unreadable folder is a problem"
    )
    func unreadableThenFixed() throws {
        let folder = try TestSupport.scratchFolder("permissions")
        chmod(folder.path, 0o777)
        let logs = folder.appendingPathComponent("logs")
        let locked = logs.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(logs.path, 0o755)
        let file = try TestSupport.write(#"{"val/acc":0.5}"# + "\n", to: "logs/run.jsonl", in: folder)
        try TestSupport.write(#"{"val/acc":0.6}"# + "\n", to: "logs/locked/hidden.jsonl", in: folder)
        chmod(file.path, 0o000)
        chmod(locked.path, 0o000)
        guard let first = try Self.runAsNobody(["ingest", logs.path, "--format", "json"], in: folder) else { return }
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try first.json()
        #expect(summary["files_unreadable"] == .int(2), "\(first.stdout)")
        let reasons = summary["problems"].map { "\($0)" } ?? ""
        #expect(reasons.contains("cannot open"), "\(reasons)")
        #expect(reasons.contains("cannot list the folder"), "\(reasons)")
        // Fixing the permissions changes neither size nor modification time.
        chmod(file.path, 0o644)
        chmod(locked.path, 0o755)
        guard let second = try Self.runAsNobody(["ingest", logs.path, "--format", "json"], in: folder) else { return }
        let again = try second.json()
        #expect(again["files_read"] == .int(2), "\(second.stdout)")
        #expect(again["files_unreadable"] == .int(0), "\(second.stdout)")
    }
}
