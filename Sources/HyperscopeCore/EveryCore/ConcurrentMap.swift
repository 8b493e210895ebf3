import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `transform` applied to every element, the elements shared out over every core; the results
    /// in the elements' order. For independent pieces of one pure computation (forests grown with
    /// different seeds, parameters scored one by one), not for I/O.
    package func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = Mutex([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = transform(self[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0 }.map { $0! }
    }
}

/// The results of two independent pure computations, computed on two cores at once (both on the
/// calling thread when there is one core): for the separate analyses of one report.
package func concurrently<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    let results = Mutex<(First?, Second?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 {
            let value = first()
            results.withLock { $0.0 = value }
        } else {
            let value = second()
            results.withLock { $0.1 = value }
        }
    }
    return results.withLock { ($0.0!, $0.1!) }
}

/// `body`'s results over consecutive ranges that together cover `0..<count`, in order: one range
/// per core when each would hold at least `minimumPiece` positions, otherwise one range on the
/// calling thread. For one pure computation over many independent positions (a table's rows, a
/// sweep's groups), whose pieces are then joined in order.
package func concurrentPieces<Result: Sendable>(
    of count: Int, minimumPiece: Int = 4_096, _ body: @Sendable (Range<Int>) -> Result
) -> [Result] {
    let pieces = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimumPiece))
    guard pieces > 1 else { return [body(0..<count)] }
    return Array(0..<pieces).concurrentMap { piece in
        body(piece * count / pieces..<(piece + 1) * count / pieces)
    }
}
