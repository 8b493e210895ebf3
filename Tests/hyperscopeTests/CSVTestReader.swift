@testable import HyperscopeIngest

/// The project's own CSV reader, to read exports back in tests.
enum CSVTestReader {
    /// The fields of each record of `bytes`.
    static func records(_ bytes: [UInt8]) -> [[String]] {
        CSVParser().records(in: bytes).records.map(\.fields)
    }
}
