import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// Study leases, run against every store like the rest of the conformance suite.
@Suite("Store conformance: study leases")
struct LeaseConformanceTests {
    typealias Kind = StoreConformanceTests.Kind

    @Test(
        "one holder at a time: taken when free or when replacing the holder seen, renewed and released by its holder only",
        arguments: Kind.allCases)
    func leases(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let study = try await store.createStudy(StudyStoreConformanceTests.record())
        let id = try #require(study.id)
        let first = StudyLease(studyID: id, host: "a", pid: 10, processStart: 100, renewedAt: 1)
        let second = StudyLease(studyID: id, host: "b", pid: 20, processStart: 200, renewedAt: 2)
        #expect(try await store.studyLease(studyID: id) == nil)
        #expect(try await store.takeStudyLease(first, replacing: nil))
        #expect(try await store.studyLease(studyID: id) == first)
        // Another holder cannot take it blind, nor by naming a holder it does not have.
        #expect(try await !store.takeStudyLease(second, replacing: nil))
        #expect(
            try await !store.takeStudyLease(
                second, replacing: StudyLease(studyID: id, host: "a", pid: 10, processStart: 999, renewedAt: 1)))
        var renewed = first
        renewed.renewedAt = 5
        #expect(try await store.renewStudyLease(renewed))
        #expect(try await store.studyLease(studyID: id)?.renewedAt == 5)
        #expect(try await !store.renewStudyLease(second))
        try await store.releaseStudyLease(second)
        #expect(try await store.studyLease(studyID: id) == renewed)
        // Replacing the holder it saw (a dead one, say) works even though it renewed since.
        #expect(try await store.takeStudyLease(second, replacing: first))
        #expect(try await !store.renewStudyLease(renewed))
        try await store.releaseStudyLease(second)
        #expect(try await store.studyLease(studyID: id) == nil)
        // Concurrent takers of a free lease: exactly one wins.
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for pid in 0..<8 {
                group.addTask {
                    try await store.takeStudyLease(
                        StudyLease(studyID: id, host: "c", pid: Int64(pid), processStart: 1, renewedAt: 9),
                        replacing: nil)
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }
}
