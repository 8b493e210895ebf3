/// What identifies the bytes of a file already read, so that a log which grew is told from one
/// that was rewritten.
///
/// A log is continued from where the last reading stopped only when the file is the same file (its
/// inode) and the bytes at both ends of the part already read are unchanged: the first block and the
/// block that ends at the stored offset. A rewritten log (a new run over an old one) changes its
/// first records or the bytes where the old reading stopped, and is then read again whole.
public struct SourceFingerprint: Sendable, Hashable {
    /// The length of each hashed block, in bytes.
    public static let blockBytes = 4096

    /// The file's inode number.
    public var inode: UInt64
    /// A hash of the first ``blockBytes`` bytes (fewer when less was read).
    public var headHash: UInt64
    /// A hash of the ``blockBytes`` bytes that end at the offset read up to (fewer when less was read).
    public var tailHash: UInt64

    /// Creates a fingerprint.
    public init(inode: UInt64, headHash: UInt64, tailHash: UInt64) {
        self.inode = inode
        self.headHash = headHash
        self.tailHash = tailHash
    }
}
