import Foundation
import HyperscopeCore
import HyperscopeStore

/// Holds a study's lease for one orchestrator while it runs: taken before anything touches the
/// study's trials, renewed every ``renewalSeconds``, given up at the end.
///
/// A study another live orchestrator holds is refused with a message naming it. A lease is taken
/// over when its holder is this machine's process that is gone (its process id no longer has the
/// recorded start time), or when it has not been renewed for ``staleSeconds`` (a holder on another
/// machine that died). Nothing ever signals another orchestrator's process.
package actor StudyLeaseKeeper {
    /// How often the lease is renewed.
    package static let renewalSeconds = 5.0
    /// How long a lease stays valid without renewal.
    package static let staleSeconds = 30.0

    private var lease: StudyLease
    private let store: any Store
    private var renewal: Task<Void, Never>?

    private init(lease: StudyLease, store: any Store) {
        self.lease = lease
        self.store = store
    }

    /// Takes the lease on a study for this process and starts renewing it.
    ///
    /// - Parameter name: The study's name, for the message when another holds it.
    /// - Throws: ``SearchPlanError`` (`studyInUse`) naming the holder when a live orchestrator holds
    ///   the study; ``StoreError`` when the store fails.
    package static func acquire(studyID: Int64, name: String, store: any Store) async throws -> StudyLeaseKeeper {
        let mine = currentHolder(studyID: studyID)
        for _ in 0..<3 {
            let held = try await store.studyLease(studyID: studyID)
            if let held, !held.hasSameHolder(as: mine), isAlive(held, now: mine.renewedAt) {
                let age = max(0, mine.renewedAt - held.renewedAt)
                throw SearchPlanError(
                    .studyInUse,
                    "study '\(name)' is being run by another hyperscope (process \(held.pid) on \(held.host), lease renewed "
                        + "\(NumberFormatting.duration(age)) ago); wait for it to finish, or stop it first",
                    study: name)
            }
            if try await store.takeStudyLease(mine, replacing: held) {
                let keeper = StudyLeaseKeeper(lease: mine, store: store)
                await keeper.startRenewing()
                return keeper
            }
        }
        throw SearchPlanError(
            .studyInUse, "study '\(name)': could not take its lease (other processes keep taking it); try again",
            study: name)
    }

    /// Stops renewing and gives the lease up.
    package func release() async {
        renewal?.cancel()
        renewal = nil
        try? await store.releaseStudyLease(lease)
    }

    private func startRenewing() {
        renewal = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(Self.renewalSeconds))
                guard !Task.isCancelled else { return }
                await self?.renew()
            }
        }
    }

    private func renew() async {
        lease.renewedAt = Date().timeIntervalSince1970
        _ = try? await store.renewStudyLease(lease)
    }

    /// This process as a lease holder, now.
    static func currentHolder(studyID: Int64) -> StudyLease {
        let pid = getpid()
        return StudyLease(
            studyID: studyID, host: ProcessInfo.processInfo.hostName, pid: Int64(pid),
            processStart: Int64(LeftoverChildren.startTime(of: pid) ?? 0), renewedAt: Date().timeIntervalSince1970)
    }

    /// Whether a lease's holder may still be running: renewed within ``staleSeconds``, and, when it
    /// is on this machine, its process still there with the start time recorded.
    package static func isAlive(_ held: StudyLease, now: Double = Date().timeIntervalSince1970) -> Bool {
        guard now - held.renewedAt <= staleSeconds else { return false }
        guard held.host == ProcessInfo.processInfo.hostName else { return true }
        guard let pid = pid_t(exactly: held.pid), let started = LeftoverChildren.startTime(of: pid) else {
            return false
        }
        return held.processStart == 0 || Int64(started) == held.processStart
    }
}
