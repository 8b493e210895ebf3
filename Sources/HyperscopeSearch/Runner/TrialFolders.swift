import Foundation
import HyperscopeCore

/// The folders a search gives its trials' runs (`<study folder>/<trial>-<repeat>/`), found from the
/// runs themselves, so a deleted study can take them with it.
package enum TrialFolders {
    /// Removes the folder of each search-trial run (the folder of its `stdout.jsonl`), and then each
    /// study folder left empty (or holding only its `children.pid`).
    ///
    /// Only folders named `<trial>-<repeat>` that hold a run's log are removed: a run read from a
    /// user's own log file never has its folder touched.
    ///
    /// - Returns: The folders removed.
    @discardableResult
    package static func remove(of runs: [Run]) -> [String] {
        let manager = FileManager.default
        var removed: [String] = []
        var studyFolders: Set<String> = []
        for run in runs where run.format == .trial {
            let log = URL(fileURLWithPath: run.source)
            let folder = log.deletingLastPathComponent()
            guard isTrialFolderName(folder.lastPathComponent), manager.fileExists(atPath: folder.path) else { continue }
            if (try? manager.removeItem(at: folder)) != nil { removed.append(folder.path) }
            studyFolders.insert(folder.deletingLastPathComponent().path)
        }
        // A study folder holding nothing but the list of the children its trials started goes too.
        for folder in studyFolders.sorted()
        where (try? manager.contentsOfDirectory(atPath: folder))?.allSatisfy({ $0 == LeftoverChildren.recordName })
            == true
        {
            if (try? manager.removeItem(atPath: folder)) != nil { removed.append(folder) }
        }
        return removed
    }

    /// Whether a folder's name is `<trial>-<repeat>`, two whole numbers.
    static func isTrialFolderName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
