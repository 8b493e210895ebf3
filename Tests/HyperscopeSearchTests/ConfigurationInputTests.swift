import Foundation
import HyperscopeSearch
import TestSupport
import Testing

@Suite("Configuration files that cannot hang")
struct ConfigurationInputTests {
    /// A nine-level alias bomb under `results:`: 9⁹ values once expanded.
    static let bomb: String = {
        var text =
            "objective: {command: [echo], metric: x}\nparameters: {x: [1, 2]}\nresults:\n  a: &a [x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            text += "  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        return text
    }()

    @Test("an alias bomb is an error at once, not minutes and gigabytes")
    func aliasBomb() throws {
        #expect(throws: ConfigurationError.self) { try SearchConfigurationFile.parse(Self.bomb, path: "bomb.yaml") }
        do {
            _ = try SearchConfigurationFile.parse(Self.bomb, path: "bomb.yaml")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("expands to more than"), "\(error)")
        }
    }

    @Test("a folder or a FIFO given as the configuration gets a message naming what it is")
    func notAFile() throws {
        let folder = try TestSupport.scratchFolder()
        #expect(throws: ConfigurationError.self) { try SearchConfigurationFile.load(path: folder.path) }
        do {
            _ = try SearchConfigurationFile.load(path: folder.path)
        } catch {
            #expect("\(error)".contains("is a folder"))
        }
        let fifo = folder.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try SearchConfigurationFile.load(path: fifo)
            Issue.record("a FIFO was read")
        } catch {
            #expect("\(error)".contains("is a FIFO"))
        }
        let marked = try TestSupport.write(
            Data([0xEF, 0xBB, 0xBF]) + Data("objective: {command: [echo], metric: x}\nparameters: {x: [1, 2]}\n".utf8),
            to: "bom.yaml", in: folder)
        #expect(try SearchConfigurationFile.load(path: marked.path).space.dimensions.count == 1)
    }
}
