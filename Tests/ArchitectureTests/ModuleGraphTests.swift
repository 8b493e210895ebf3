import Foundation
import TestSupport
import Testing

/// The module graph flows one way (docs/ARCHITECTURE.md): Core ← Store ← Ingest; Analysis on Core;
/// Search on Core, Analysis, Store and Ingest; Report on Core and Analysis; the server and the
/// library products on top, and the CLI over the two products only. These tests read Package.swift
/// and every `import` line and fail on an edge outside that list, so a shortcut between layers
/// cannot land unnoticed.
@Suite struct ModuleGraphTests {
    /// The Hyperscope modules each module may depend on.
    static let allowedDependencies: [String: Set<String>] = [
        "HyperscopeCore": [],
        "HyperscopeStore": ["HyperscopeCore"],
        "HyperscopeIngest": ["HyperscopeCore", "HyperscopeStore"],
        "HyperscopeAnalysis": ["HyperscopeCore"],
        "HyperscopeSearch": ["HyperscopeCore", "HyperscopeAnalysis", "HyperscopeStore", "HyperscopeIngest"],
        "HyperscopeReport": ["HyperscopeCore", "HyperscopeAnalysis"],
        "HyperscopeServer": ["HyperscopeCore", "HyperscopeStore", "HyperscopeAnalysis", "HyperscopeReport"],
        "Hyperscope": [
            "HyperscopeCore", "HyperscopeStore", "HyperscopeIngest", "HyperscopeAnalysis", "HyperscopeSearch",
            "HyperscopeReport",
        ],
        "HyperscopeDashboard": ["Hyperscope", "HyperscopeServer"],
        // The CLI: argument parsing and rendering over the library products.
        "hyperscope": ["Hyperscope", "HyperscopeDashboard"],
    ]

    /// The outside packages each module may import; the system's modules (and `SystemLibC`, which
    /// re-exports the C library) are allowed everywhere.
    static let allowedPackages: [String: Set<String>] = [
        // GRDBSQLite: the SQLite C library GRDB is built on, for the incremental blob reads GRDB does not wrap.
        "HyperscopeStore": ["GRDB", "GRDBSQLite"],
        // Yams: the run configurations other tools write beside their logs, and search configurations.
        "HyperscopeIngest": ["Yams"],
        "HyperscopeSearch": ["Yams"],
        "HyperscopeServer": ["Hummingbird", "HTTPTypes", "Logging"],
        "hyperscope": ["ArgumentParser", "ExampleTrainer"],
    ]

    static let systemModules: Set<String> = [
        "Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "SystemLibC",
    ]

    static var sources: URL { TestSupport.repositoryRoot.appendingPathComponent("Sources") }

    @Test func everyLibraryModuleIsInTheGraph() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { $0.lowercased().hasPrefix("hyperscope") }
        #expect(Set(folders) == Set(Self.allowedDependencies.keys))
    }

    @Test func packageManifestDeclaresOnlyAllowedEdges() throws {
        let manifest = try String(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declared = PackageManifestDependencies.parse(manifest, modules: Set(Self.allowedDependencies.keys))
        #expect(Set(declared.keys).isSuperset(of: Self.allowedDependencies.keys), "every module is declared")
        for (module, dependencies) in declared {
            guard let allowed = Self.allowedDependencies[module] else { continue }
            let outside = dependencies.subtracting(allowed)
            #expect(outside.isEmpty, "Package.swift: \(module) depends on \(outside.sorted())")
        }
    }

    @Test func importsFollowTheGraph() throws {
        for (module, allowed) in Self.allowedDependencies {
            let permitted = allowed.union(Self.allowedPackages[module] ?? []).union(Self.systemModules)
            for (file, imported) in try Self.imports(ofModule: module) {
                let outside = imported.subtracting(permitted)
                #expect(outside.isEmpty, "\(file) imports \(outside.sorted())")
            }
        }
    }

    @Test func theCheckSeesAnEdgeThatIsNotAllowed() {
        let manifest = """
            .target(name: "HyperscopeReport", dependencies: ["HyperscopeCore", "HyperscopeIngest"]),
            .target(
                name: "HyperscopeCore",
                dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
            ),
            """
        let declared = PackageManifestDependencies.parse(
            manifest, modules: ["HyperscopeReport", "HyperscopeCore", "HyperscopeIngest"])
        #expect(declared["HyperscopeReport"] == ["HyperscopeCore", "HyperscopeIngest"])
        #expect(declared["HyperscopeCore"] == [])
        #expect(
            Self.importedModules(
                in: "import Foundation\n@_exported import HyperscopeIngest\n  public import GRDB\n// import Yams\n")
                == ["Foundation", "HyperscopeIngest", "GRDB"])
    }

    /// The modules imported by each Swift file of a module, keyed by the file's path under Sources.
    static func imports(ofModule module: String) throws -> [String: Set<String>] {
        let folder = sources.appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
        var result: [String: Set<String>] = [:]
        for case let relative as String in walker where relative.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
            result["\(module)/\(relative)"] = importedModules(in: text)
        }
        return result
    }

    /// The module named by each `import` line (with any attribute or access level before it).
    static func importedModules(in text: String) -> Set<String> {
        var modules: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
            let start =
                words.first.map { ["public", "package", "internal", "private", "fileprivate"].contains(String($0)) }
                    == true ? 1 : 0
            guard words.count > start + 1, words[start] == "import" else { continue }
            var name = words[start + 1]
            if ["class", "struct", "enum", "func", "var", "let", "protocol", "typealias"].contains(String(name)),
                words.count > start + 2
            {
                name = words[start + 2]
            }
            modules.insert(String(name.split(separator: ".").first ?? name))
        }
        return modules
    }
}

/// Reads each target's Hyperscope dependencies out of the text of Package.swift.
enum PackageManifestDependencies {
    /// The dependencies among `modules` of each target in `modules`, read from the manifest's text.
    static func parse(_ manifest: String, modules: Set<String>) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for declaration in manifest.split(
            separator: /\.(target|executableTarget|testTarget)\(/, omittingEmptySubsequences: false
        ).dropFirst() {
            guard let nameField = declaration.firstRange(of: /name:\s*"([^"]+)"/),
                let name = quotedStrings(in: declaration[nameField]).first, modules.contains(name)
            else { continue }
            guard let dependencyField = declaration.range(of: "dependencies:") else {
                result[name] = []
                continue
            }
            let list = listText(after: dependencyField.upperBound, in: declaration)
            result[name] = Set(quotedStrings(in: list).filter { modules.contains($0) })
        }
        return result
    }

    /// The text of the bracketed list that starts at or after `start`.
    private static func listText(after start: Substring.Index, in text: Substring) -> Substring {
        guard let open = text[start...].firstIndex(of: "[") else { return "" }
        var depth = 0
        var index = open
        while index < text.endIndex {
            if text[index] == "[" { depth += 1 }
            if text[index] == "]" {
                depth -= 1
                if depth == 0 { return text[open...index] }
            }
            index = text.index(after: index)
        }
        return text[open...]
    }

    private static func quotedStrings(in text: some StringProtocol) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
