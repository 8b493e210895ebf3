/// Where output text goes a piece at a time: each piece as its UTF-8 bytes, so that bytes made for
/// a table or a listing reach standard output or a file as they are, without being made a string
/// (and checked as UTF-8 again) first.
package typealias TextSink = (UnsafeRawBufferPointer) throws -> Void

extension String {
    /// Hands the string's UTF-8 bytes to `sink`.
    package func write(to sink: TextSink) rethrows {
        var text = self
        try text.withUTF8 { try sink(UnsafeRawBufferPointer($0)) }
    }
}

extension Array where Element == UInt8 {
    /// Hands the bytes to `sink`.
    package func write(to sink: TextSink) rethrows {
        try withUnsafeBytes { try sink($0) }
    }
}
