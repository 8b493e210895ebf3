import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeSearch
import HyperscopeStore
import TestSupport
import Testing

/// Every error a program may branch on carries a stable code, and a location where there is one,
/// kept apart from the message.
@Suite("Error codes")
struct ErrorCodeTests {
    @Test("a configuration mistake has its code, its message and its file, line, column and key path apart")
    func configuration() throws {
        do {
            _ = try SearchConfigurationFile.parse(
                "objective: {command: [run], metric: m}\nparameters:\n  lr: {type: float, low: 1, high: nope}\n",
                path: "s.yaml")
            Issue.record("a word as a bound was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .invalidValue && error.code.description == "configuration-invalid")
            #expect(
                error.location?.file == "s.yaml" && error.location?.line == 3
                    && error.location?.keyPath == "parameters.lr.high")
            #expect(error.location?.column != nil && !error.message.contains("s.yaml"))
            #expect(error.description == "\(error.location!): \(error.message)")
        }
        do {
            _ = try SearchConfigurationFile.parse("objective: [", path: "t.yaml")
            Issue.record("broken YAML was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .syntax && error.location?.file == "t.yaml")
        }
        do {
            _ = try SearchConfigurationFile.load(path: "/nonexistent/search.yaml")
            Issue.record("a missing file was read")
        } catch let error as ConfigurationError {
            #expect(error.code == .unreadableFile && error.location?.file == "/nonexistent/search.yaml")
        }
    }

    @Test("storage failures are told apart: a database that cannot be opened, a name taken, a study not stored")
    func storage() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write("not a folder\n", to: "plain", in: folder)
        do {
            _ = try SQLiteStore(path: folder.appendingPathComponent("plain/h.db").path)
            Issue.record("a database under a file was opened")
        } catch let error as StoreError {
            #expect(error.code == .unavailable && error.code.description == "store-unavailable")
        }
        let store = try SQLiteStore(path: folder.appendingPathComponent("h.db").path)
        let record = try await store.createStudy(
            StudyRecord(
                name: "s", metric: "m", goal: .maximize, strategy: "tpe", configuration: .object([]), toolVersion: "t",
                host: "h", startedAt: 0))
        do {
            _ = try await store.createStudy(record)
            Issue.record("a second study of the same name was stored")
        } catch let error as StoreError {
            #expect(error.code == .studyExists)
        }
        do {
            _ = try await store.deleteStudy(id: 999)
            Issue.record("a study that is not stored was deleted")
        } catch let error as StoreError {
            #expect(error.code == .notFound)
        }
    }

    @Test("parse errors carry their column as a location; evaluation errors have none")
    func columns() throws {
        do {
            _ = try JSONParser.parse("{\"a\": }")
            Issue.record("a field without a value parsed")
        } catch {
            #expect(error.code == .jsonSyntax && error.location.column == 7)
        }
        do {
            _ = try RunFilter.parse("optim.lr >=")
            Issue.record("a comparison without a value parsed")
        } catch {
            #expect(error.code == .filterSyntax && error.location.column == error.column)
        }
        do {
            _ = try ArithmeticExpression.parse("1 + (")
            Issue.record("an unclosed parenthesis parsed")
        } catch {
            #expect(error.code == .expressionSyntax && error.location?.column != nil)
        }
        let unknown = try ArithmeticExpression.parse("missing * 2").evaluate { _ in nil }
        guard case .failure(let failure) = unknown else {
            Issue.record("an unknown name evaluated")
            return
        }
        #expect(failure.code == .expressionEvaluation && failure.location == nil)
        #expect(
            ErrorLocation(file: "f.yaml", line: 3, column: 9, option: "--set a=1", keyPath: "a").description
                == "f.yaml:3:9: --set a=1: a")
    }
}
