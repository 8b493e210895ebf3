import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// The exit statuses the README lists, one per kind of failure, as a script sees them.
@Suite("Exit statuses")
struct ExitStatusTests {
    @Test(
        "0 done, 1 failed, 2 invalid input (files, --where), 3 storage, 64 usage; the message names the file or the database"
    )
    func statuses() throws {
        let folder = try TestSupport.scratchFolder()
        let cli = CLI(workingDirectory: folder)
        #expect(try cli.run(["runs"]).status == 0)

        let unknown = try cli.run(["report", "nosuch"])
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("Error: no study named 'nosuch'"), "\(unknown.stderr)")

        try TestSupport.write("display:\n  params: [not, a, mapping]\n", to: "bad.yaml", in: folder)
        let badSettings = try cli.run(["importance", "--config", "bad.yaml"])
        #expect(
            badSettings.status == 2 && badSettings.stderr.contains("bad.yaml:2:11: display.params"),
            "\(badSettings.stderr)")
        try TestSupport.write(
            "objective: {command: [python3, -c, \"print(1)\"], metric: x}\nparameters: {x: [1, 2]}\n", to: "s.yaml",
            in: folder)
        let badCommand = try cli.run(["search", "--config", "s.yaml", "--", "python3", "{x"])
        #expect(badCommand.status == 2 && badCommand.stderr.contains("the command after --"), "\(badCommand.stderr)")

        // A database path under a regular file can be neither created nor opened.
        try TestSupport.write("a file\n", to: "plain", in: folder)
        let storage = try cli.run(["runs", "--db", folder.appendingPathComponent("plain/h.db").path])
        #expect(storage.status == 3 && storage.stderr.contains("plain"), "\(storage.stderr)")
        try TestSupport.write(
            "this is not a database, but long enough to look at its header " + String(repeating: "x", count: 200),
            to: "damaged.db", in: folder)
        let damaged = try cli.run(["runs", "--db", folder.appendingPathComponent("damaged.db").path])
        #expect(damaged.status == 3 && damaged.stderr.contains("damaged.db"), "\(damaged.stderr)")

        let badWhere = try cli.run(["runs", "--where", "optim.lr >"])
        #expect(badWhere.status == 2 && badWhere.stderr.contains("--where expression"), "\(badWhere.stderr)")

        let usage = try cli.run(["sweep", "--no-such-option"])
        #expect(usage.status == 64 && usage.stderr.contains("Unknown option '--no-such-option'"))
    }

    @Test("help and the version print and exit 0, for the root, a subcommand and `help COMMAND`")
    func helpAndVersion() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder())
        for arguments in [["--help"], ["sweep", "--help"], ["help", "search"], ["search", "-h"]] {
            let help = try cli.run(arguments)
            #expect(help.status == 0 && help.stdout.contains("USAGE: hyperscope"), "\(arguments): \(help.stderr)")
            #expect(!help.stderr.contains("Error"), "\(arguments): \(help.stderr)")
        }
        let version = try cli.run(["--version"])
        #expect(
            version.status == 0
                && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == HyperscopeVersion.current)
    }
}
