import Dispatch

/// A loop over the rows or columns of a triangle, shared out over every core: the O(n³) and O(n²)
/// steps of the Gaussian process (its covariance matrix, inverse and gradient).
enum InterleavedLoop {
    /// Calls `body` with each of `0..<count`: in order on the calling thread below `parallelFrom`
    /// (where a thread costs more than it saves), else on every core. Indices go out interleaved, so
    /// pieces of a triangle's rows cost about the same. `body` must write only entries that belong
    /// to its index; each entry is then computed the same way on any number of cores.
    static func run(count: Int, parallelFrom: Int, _ body: @Sendable (Int) -> Void) {
        guard count >= parallelFrom else {
            for index in 0..<count { body(index) }
            return
        }
        let pieces = 32
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            for index in stride(from: piece, to: count, by: pieces) { body(index) }
        }
    }
}

/// A pointer handed to every iteration of one ``InterleavedLoop``, each of which touches only entries
/// that no other iteration writes.
struct SharedPointer<Pointee>: @unchecked Sendable {
    /// The address.
    let base: UnsafeMutablePointer<Pointee>

    /// Shares a mutable pointer.
    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }

    /// Shares a pointer that the iterations only read.
    init(_ base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}
