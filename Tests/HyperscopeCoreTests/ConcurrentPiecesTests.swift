import Foundation
import Testing

@testable import HyperscopeCore

@Suite("Work shared out over every core")
struct ConcurrentPiecesTests {
    @Test(
        "pieces cover every position once, in order, and there are no more pieces than cores",
        arguments: [0, 1, 4_095, 4_096, 8_192, 10_000, 100_003])
    func piecesCoverEveryPosition(count: Int) {
        let pieces = concurrentPieces(of: count) { $0 }
        #expect(pieces.flatMap { Array($0) } == Array(0..<count))
        #expect(pieces.count <= max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(pieces.allSatisfy { $0.count >= min(count, 4_096) || pieces.count == 1 })
        let doubled = concurrentPieces(of: count, minimumPiece: 16) { range in range.map { 2 * $0 } }
        #expect(doubled.flatMap { $0 } == (0..<count).map { 2 * $0 })
    }
}
