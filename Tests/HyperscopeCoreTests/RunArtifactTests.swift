import HyperscopeCore
import Testing

@Suite("Artifacts a log names")
struct RunArtifactTests {
    @Test("paths resolve against the log's folder, with . and .. taken away; absolute paths stay")
    func paths() {
        func path(_ given: String, loggedBy source: String) -> String? {
            let entry = Value.object([Value.Field("kind", .string("predictions")), Value.Field("path", .string(given))])
            return RunArtifact(entry, loggedBy: source)?.path
        }
        #expect(path("preds.jsonl", loggedBy: "/runs/a/log.jsonl") == "/runs/a/preds.jsonl")
        #expect(path("./out/../preds.jsonl", loggedBy: "/runs/a/log.jsonl") == "/runs/a/preds.jsonl")
        #expect(path("../b/preds.jsonl", loggedBy: "/runs/a/log.jsonl") == "/runs/b/preds.jsonl")
        #expect(path("/data//p.jsonl", loggedBy: "/runs/a/log.jsonl") == "/data/p.jsonl")
        #expect(path("../../../p.jsonl", loggedBy: "/a/log.jsonl") == "/p.jsonl")
        #expect(path("p.jsonl", loggedBy: "log.jsonl") == "p.jsonl")
        #expect(path("../p.jsonl", loggedBy: "logs/log.jsonl") == "p.jsonl")
        #expect(RunArtifact(.object([Value.Field("kind", .string("x"))]), loggedBy: "/l") == nil)
    }
}
