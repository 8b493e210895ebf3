import Foundation

extension StudyProvenance {
    /// This machine, and the git commit and dirty state of `directory` when it is in a repository.
    public static func current(toolVersion: String, directory: String) async -> StudyProvenance {
        var provenance = StudyProvenance(toolVersion: toolVersion)
        guard let head = try? await ChildProcess.capture(["git", "rev-parse", "HEAD"], workingDirectory: directory),
            head.termination.isSuccess
        else {
            return provenance
        }
        provenance.gitCommit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        if let status = try? await ChildProcess.capture(["git", "status", "--porcelain"], workingDirectory: directory),
            status.termination.isSuccess
        {
            provenance.gitDirty = !status.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        return provenance
    }
}
