import Foundation
import HyperscopeCore
import Testing

@Suite("Run folders")
struct RunFoldersTests {
    @Test("the folder that is a run, by the path's last components, as Foundation's path functions cut them")
    func folders() {
        #expect(
            RunFolders.runFolder(ofSource: "/x/wandb/run-a/files/wandb-history.jsonl", format: .hyperscope)
                == "/x/wandb/run-a")
        #expect(
            RunFolders.runFolder(ofSource: "/x/lightning_logs/version_0/metrics.csv", format: .csvLog)
                == "/x/lightning_logs/version_0")
        #expect(RunFolders.runFolder(ofSource: "/x/mlruns/2/c2/meta.yaml", format: .mlflow) == "/x/mlruns/2/c2")
        // A log among others, a table, a history not under W&B's files/.
        #expect(RunFolders.runFolder(ofSource: "/x/logs/one.jsonl", format: .hyperscope) == nil)
        #expect(RunFolders.runFolder(ofSource: "/x/sweep.csv", format: .csvTable) == nil)
        #expect(RunFolders.runFolder(ofSource: "/x/run/wandb-history.jsonl", format: .hyperscope) == "/x/run")
        #expect(RunFolders.runFolder(ofSource: "/x/files/metrics.csv", format: .csvLog) == "/x")
        // At the root and without a folder.
        #expect(RunFolders.runFolder(ofSource: "/files/wandb-history.jsonl", format: .hyperscope) == "/")
        #expect(RunFolders.runFolder(ofSource: "/meta.yaml", format: .mlflow) == "/")
        #expect(RunFolders.runFolder(ofSource: "meta.yaml", format: .mlflow) == "")
        #expect(RunFolders.runFolder(ofSource: "files/meta.yaml", format: .mlflow) == "files")
        // Against NSString on paths as scans give them, with non-ASCII names.
        for path in ["/a/b/files/c.json", "/données/essai n°1/files/x", "/a/files", "rel/files/x", "/x"] {
            let folder = (path as NSString).deletingLastPathComponent
            let parent = (folder as NSString).deletingLastPathComponent
            let expected = (folder as NSString).lastPathComponent == "files" && !parent.isEmpty ? parent : folder
            #expect(RunFolders.runFolder(ofSource: path, format: .sacred) == expected, "\(path)")
        }
    }
}
