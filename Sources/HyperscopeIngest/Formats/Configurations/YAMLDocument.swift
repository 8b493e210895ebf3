import HyperscopeCore
import Yams

/// YAML text as nodes and Hyperscope values: one reading for the run configurations other tools
/// write beside their logs and for Hyperscope's own search configurations.
package enum YAMLDocument {
    /// Why a YAML text could not be read.
    package enum ReadError: Error, Sendable {
        /// Not valid YAML; the parser's message, with its line and column.
        case syntax(String)
        /// Valid, but its aliases expand it past ``maximumNodes``.
        case tooLarge
    }

    /// The most nodes a document may expand to once its aliases are followed: far beyond any real
    /// configuration, and reached in milliseconds by an alias bomb instead of minutes and gigabytes.
    package static let maximumNodes = 200_000

    /// What ``ReadError/tooLarge`` means, in words.
    package static let tooLargeReason =
        "the YAML expands to more than \(maximumNodes) values: aliases (*name) that repeat anchors (&name) "
        + "multiply; a configuration is never that large"

    /// Parses `text` into its root node, `nil` for an empty document.
    package static func compose(_ text: String) throws(ReadError) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .syntax("\(error)")
        }
        if let root {
            var budget = maximumNodes
            guard fits(root, within: &budget) else { throw .tooLarge }
        }
        return root
    }

    /// Whether a node and everything under it (aliases expanded) counts at most `budget` nodes;
    /// stops counting as soon as the budget is spent.
    private static func fits(_ node: Node, within budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let sequence): return sequence.allSatisfy { fits($0, within: &budget) }
        case .mapping(let mapping):
            return mapping.allSatisfy { fits($0.key, within: &budget) && fits($0.value, within: &budget) }
        }
    }

    /// A node as a typed value: YAML's null, booleans, integers and floats keep their types, quoted
    /// scalars stay strings, sequences become lists and mappings objects.
    package static func value(of node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let flag = node.bool { return .bool(flag) }
            if let integer = node.int { return .int(Int64(integer)) }
            if let number = node.float { return .float(number) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map(value(of:)))
        case .mapping(let mapping):
            return .object(mapping.map { Value.Field($0.key.string ?? "", value(of: $0.value)) })
        case .alias:
            return .null
        }
    }
}
