import HyperscopeCore

extension SourceFingerprint {
    /// The fingerprint of the first `consumedBytes` bytes of the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - consumedBytes: How far the file was (or is now being) read.
    ///   - inode: The file's inode number, from the same examination that gave its size.
    /// - Returns: The fingerprint, or `nil` when the file is now shorter than `consumedBytes`.
    /// - Throws: ``SourceReadError`` when the file cannot be read.
    /// - Complexity: Reads at most two blocks of ``blockBytes``, whatever the file's size.
    static func of(
        _ path: String, upTo consumedBytes: Int64, inode: UInt64
    ) throws(SourceReadError) -> SourceFingerprint? {
        let headLength = Int(min(consumedBytes, Int64(blockBytes)))
        let tailStart = max(0, consumedBytes - Int64(blockBytes))
        let head = try SourceFile.readRange(path, from: 0, byteCount: headLength)
        let tail = try SourceFile.readRange(path, from: tailStart, byteCount: Int(consumedBytes - tailStart))
        guard head.count == headLength, Int64(tail.count) == consumedBytes - tailStart else { return nil }
        return SourceFingerprint(inode: inode, headHash: stableHash(head), tailHash: stableHash(tail))
    }

    /// The 64-bit FNV-1a hash of `bytes`: the same in every process, unlike `Hasher`, so it can be stored.
    static func stableHash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
