/// A stable identifier of a kind of failure of one error type (`Domain`), such as
/// `store-unavailable`: programs branch on it, and the CLI maps it to an exit status. Each error
/// type declares its codes as static members; new codes may be added.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    private let name: String

    package init(_ name: String) {
        self.name = name
    }

    /// The code's stable text.
    public var description: String { name }
}
