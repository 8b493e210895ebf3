import SystemLibC

/// Writes to standard error without buffering: progress lines, warnings and errors.
package enum StandardError {
    /// Writes `text` as is.
    package static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written <= 0 { return }
            offset += written
        }
    }
}
