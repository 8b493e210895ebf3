import SystemLibC

/// File-system facts and whole-file reads for the ingestion.
enum SourceFile {
    /// A file's size and modification time.
    struct Status {
        /// The size in bytes.
        var size: Int64
        /// The modification time, in seconds since 1970.
        var modifiedAt: Double
        /// Whether the path is a directory.
        var isDirectory: Bool
        /// Whether the path is a regular file.
        var isRegularFile: Bool
        /// The inode number: a file replaced by another of the same name has a new one.
        var inode: UInt64
    }

    /// The status of the file at `path`, following symbolic links.
    ///
    /// - Throws: ``SourceReadError`` when the path cannot be examined (missing, a dangling link, no permission).
    static func status(of path: String) throws(SourceReadError) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SourceReadError("cannot examine: \(String(cString: strerror(errno)))", isAccessFailure: true)
        }
        let mode = info.st_mode & S_IFMT
        #if canImport(Darwin)
        let modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
        return Status(
            size: Int64(info.st_size), modifiedAt: modified, isDirectory: mode == S_IFDIR,
            isRegularFile: mode == S_IFREG,
            inode: UInt64(info.st_ino))
    }

    /// Reads a whole file, for formats that are one document (tables, results files).
    ///
    /// - Parameter limit: The largest size accepted.
    /// - Throws: ``SourceReadError`` when the file cannot be read, is larger than `limit`, or looks
    ///   binary (see ``LineReader/read(path:from:firstLineNumber:maximumLineBytes:rejectBinary:body:)``).
    static func readAll(_ path: String, limit: Int) throws(SourceReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var oversized = false
        _ = try LineReader.read(path: path, maximumLineBytes: limit) { event in
            switch event {
            case .line(let line):
                bytes.append(contentsOf: line.bytes)
                if line.isTerminated { bytes.append(0x0A) }
            case .overlong:
                oversized = true
            }
            if bytes.count > limit { oversized = true }
            return true
        }
        if oversized { throw SourceReadError("larger than the limit of \(limit) bytes for a table or results file") }
        return bytes
    }

    /// Reads at most `byteCount` bytes from the start of a file, for format detection.
    ///
    /// - Throws: ``SourceReadError`` when the file cannot be opened or read.
    static func readPrefix(_ path: String, byteCount: Int) throws(SourceReadError) -> [UInt8] {
        try readRange(path, from: 0, byteCount: byteCount)
    }

    /// Reads at most `byteCount` bytes of a file from byte `offset` (fewer where the file ends).
    ///
    /// - Throws: ``SourceReadError`` when the file cannot be opened or read.
    static func readRange(_ path: String, from offset: Int64, byteCount: Int) throws(SourceReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SourceReadError("cannot open: \(String(cString: strerror(errno)))", isAccessFailure: true)
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        var filled = 0
        while filled < byteCount {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + filled, byteCount - filled, off_t(offset) + off_t(filled))
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                throw SourceReadError("cannot read: \(String(cString: strerror(errno)))", isAccessFailure: true)
            }
            if count == 0 { break }
            filled += count
        }
        return Array(bytes.prefix(filled))
    }

    /// The UTF-8 byte-order mark some editors write at the start of a text file; it is not part of
    /// the data and is skipped wherever a file's first bytes are read.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// How many bytes at the start of `bytes` are a byte-order mark: 3 or 0.
    static func byteOrderMarkLength(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    }

    /// The 1-based line and column of a byte offset (0-based) in text.
    static func lineAndColumn(ofOffset offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
