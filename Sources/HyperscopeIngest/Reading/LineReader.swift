import SystemLibC

/// One line of a log as the reader hands it over: its number and its bytes, valid only during the call.
struct LogLine {
    /// The 1-based line number in the file.
    var number: Int
    /// The line's bytes without the line break (and without a trailing carriage return).
    var bytes: UnsafeRawBufferPointer
    /// Whether a line break ended the line; only the last line of a file may lack one.
    var isTerminated: Bool
}

/// What the reader hands over: a line, or the number of a line too long to hold.
enum LineEvent {
    /// A line to parse.
    case line(LogLine)
    /// A line longer than the limit: its number and its length so far; it is skipped.
    case overlong(number: Int, length: Int)
}

/// How far a read went.
struct LineReadProgress {
    /// The offset just after the last line consumed.
    var consumedBytes: Int64
    /// The number of the last line consumed.
    var consumedLines: Int
    /// The bytes read from the file in this pass.
    var bytesRead: Int64
}

/// Reads a file's lines with large reads and `memchr`, from any byte offset, in bounded memory.
///
/// Memory is one buffer of ``chunkBytes`` that grows only to hold a long line, up to the line limit;
/// longer lines are reported as ``LineEvent/overlong(number:length:)`` and skipped.
enum LineReader {
    /// The size of one read.
    static let chunkBytes = 4 << 20

    /// Reads the lines of the file at `path` from `offset`, calling `body` for each.
    ///
    /// `body` returns whether it accepted the line; this matters only for an unterminated last line:
    /// a rejected one (a half-written record) is not counted as consumed, so the next read starts there.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - offset: The byte offset to start at, at the start of a line.
    ///   - firstLineNumber: The number of the line at `offset`.
    ///   - maximumLineBytes: The longest line held; longer ones are skipped and reported.
    ///   - rejectBinary: Whether to refuse a file whose first 8 KiB (when read from offset 0) are more
    ///     than 10% control bytes: binary data rather than a log with a few damaged bytes, whose good
    ///     lines are still read.
    /// - Throws: ``SourceReadError`` when the file cannot be opened or read, or is binary.
    static func read(
        path: String, from offset: Int64 = 0, firstLineNumber: Int = 1, maximumLineBytes: Int,
        rejectBinary: Bool = true, body: (LineEvent) -> Bool
    ) throws(SourceReadError) -> LineReadProgress {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SourceReadError("cannot open: \(errorText())", isAccessFailure: true) }
        defer { close(descriptor) }
        if offset > 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw SourceReadError("cannot seek to byte \(offset): \(errorText())", isAccessFailure: true)
        }
        var window = LineWindow(offset: offset, firstLineNumber: firstLineNumber, maximumLineBytes: maximumLineBytes)
        defer { window.deallocate() }
        var checkedBinary = offset != 0 || !rejectBinary
        while true {
            window.deliverCompleteLines(body)
            if window.skippingOverlong, window.finishOverlongLine(body) { continue }
            if window.reachedEnd {
                window.deliverLastLine(body)
                return window.progress
            }
            if window.startSkippingIfOverlong() { continue }
            window.makeRoomForRead()
            let count = readBytes(descriptor, window.buffer + window.filled, window.capacity - window.filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw SourceReadError(
                    "read failed after byte \(window.bufferFileOffset + Int64(window.filled)): \(errorText())")
            }
            if !checkedBinary {
                checkedBinary = true
                try rejectIfBinary(
                    UnsafeRawBufferPointer(start: window.buffer + window.filled, count: min(count, 8192)))
            }
            window.didRead(count)
        }
    }

    /// Refuses a file whose first bytes are more than 10% control bytes: binary data, not a log.
    private static func rejectIfBinary(_ sample: UnsafeRawBufferPointer) throws(SourceReadError) {
        let controlBytes = sample.reduce(0) { $0 + ($1 < 0x20 && $1 != 0x09 && $1 != 0x0A && $1 != 0x0D ? 1 : 0) }
        if controlBytes * 10 > sample.count {
            throw SourceReadError(
                "binary data (\(controlBytes) control bytes in the first \(sample.count)), not a text log")
        }
    }

    private static func readBytes(_ descriptor: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, destination, count)
        #else
        Darwin.read(descriptor, destination, count)
        #endif
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// The bytes read and not yet handed over, in one buffer that grows only to hold a long line: the
/// steps of ``LineReader/read(path:from:firstLineNumber:maximumLineBytes:rejectBinary:body:)``.
private struct LineWindow {
    var buffer: UnsafeMutableRawPointer
    var capacity = LineReader.chunkBytes
    /// Bytes of `buffer` holding data.
    var filled = 0
    /// Where the line not yet handed over starts in `buffer`.
    var lineStart = 0
    /// The file offset of `buffer`'s first byte.
    var bufferFileOffset: Int64
    var lineNumber: Int
    var progress: LineReadProgress
    let maximumLineBytes: Int
    /// Whether a line longer than the limit is being skipped, and its length so far.
    var skippingOverlong = false
    var overlongLength = 0
    var reachedEnd = false

    init(offset: Int64, firstLineNumber: Int, maximumLineBytes: Int) {
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        bufferFileOffset = offset
        lineNumber = firstLineNumber
        progress = LineReadProgress(consumedBytes: offset, consumedLines: firstLineNumber - 1, bytesRead: 0)
        self.maximumLineBytes = maximumLineBytes
    }

    func deallocate() {
        buffer.deallocate()
    }

    /// Hands over every line that ends in the buffer.
    @inline(__always)
    mutating func deliverCompleteLines(_ body: (LineEvent) -> Bool) {
        while !skippingOverlong, lineStart < filled, let newline = memchr(buffer + lineStart, 0x0A, filled - lineStart)
        {
            let end = buffer.distance(to: newline)
            var stop = end
            if stop > lineStart, buffer.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D { stop -= 1 }
            if stop - lineStart > maximumLineBytes {
                _ = body(.overlong(number: lineNumber, length: stop - lineStart))
            } else {
                let bytes = UnsafeRawBufferPointer(start: buffer + lineStart, count: stop - lineStart)
                _ = body(.line(LogLine(number: lineNumber, bytes: bytes, isTerminated: true)))
            }
            consumeLine(endingAt: end)
        }
    }

    /// Counts the line that ends at `end` (its line break) as consumed.
    @inline(__always)
    mutating func consumeLine(endingAt end: Int) {
        lineStart = end + 1
        progress.consumedBytes = bufferFileOffset + Int64(lineStart)
        progress.consumedLines = lineNumber
        lineNumber += 1
    }

    /// While skipping an overlong line: reports it and returns `true` when its end is in the buffer,
    /// else drops what the buffer holds of it.
    mutating func finishOverlongLine(_ body: (LineEvent) -> Bool) -> Bool {
        if let newline = memchr(buffer + lineStart, 0x0A, filled - lineStart) {
            let end = buffer.distance(to: newline)
            overlongLength += end - lineStart
            _ = body(.overlong(number: lineNumber, length: overlongLength))
            skippingOverlong = false
            consumeLine(endingAt: end)
            return true
        }
        overlongLength += filled - lineStart
        lineStart = filled
        return false
    }

    /// At the end of the file: hands over the last line when it has no line break. It counts as
    /// consumed only when `body` accepts it (a half-written record is read again next time).
    mutating func deliverLastLine(_ body: (LineEvent) -> Bool) {
        if skippingOverlong {
            _ = body(.overlong(number: lineNumber, length: overlongLength))
        } else if lineStart < filled {
            let bytes = UnsafeRawBufferPointer(start: buffer + lineStart, count: filled - lineStart)
            guard body(.line(LogLine(number: lineNumber, bytes: bytes, isTerminated: false))) else { return }
        } else {
            return
        }
        progress.consumedBytes = bufferFileOffset + Int64(filled)
        progress.consumedLines = lineNumber
    }

    /// Starts skipping the pending line when it is already longer than the limit.
    mutating func startSkippingIfOverlong() -> Bool {
        let pending = filled - lineStart
        guard !skippingOverlong, pending > maximumLineBytes else { return false }
        skippingOverlong = true
        overlongLength = pending
        lineStart = filled
        return true
    }

    /// Moves the pending line to the buffer's start, and doubles the buffer when less than half a
    /// chunk is free.
    mutating func makeRoomForRead() {
        let pending = filled - lineStart
        if lineStart > 0 {
            buffer.copyMemory(from: buffer + lineStart, byteCount: pending)
            bufferFileOffset += Int64(lineStart)
            filled = pending
            lineStart = 0
        }
        if capacity - filled < LineReader.chunkBytes / 2 {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
            grown.copyMemory(from: buffer, byteCount: filled)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
    }

    /// Takes in `count` bytes read after `filled`; none means the end of the file.
    mutating func didRead(_ count: Int) {
        if count == 0 { reachedEnd = true }
        filled += count
        progress.bytesRead += Int64(count)
    }
}
