import Dispatch
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
