/// Which orchestrator runs a study: one process at a time holds the lease and renews it while it
/// runs, so a second `hyperscope search --resume` is refused instead of repeating grid points and
/// stopping the first one's children.
public struct StudyLease: Sendable, Hashable {
    /// The study.
    public var studyID: Int64
    /// The holder's host name.
    public var host: String
    /// The holder's process id.
    public var pid: Int64
    /// The holder's process start time (clock ticks since boot on Linux), so a reused process id is
    /// never taken for the holder.
    public var processStart: Int64
    /// When the holder last renewed the lease, in seconds since 1970.
    public var renewedAt: Double

    /// Creates a lease.
    public init(studyID: Int64, host: String, pid: Int64, processStart: Int64, renewedAt: Double) {
        self.studyID = studyID
        self.host = host
        self.pid = pid
        self.processStart = processStart
        self.renewedAt = renewedAt
    }

    /// Whether two leases name the same holder (host, process id and start), whenever renewed.
    public func hasSameHolder(as other: StudyLease) -> Bool {
        studyID == other.studyID && host == other.host && pid == other.pid && processStart == other.processStart
    }
}
