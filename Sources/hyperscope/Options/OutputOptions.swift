import ArgumentParser
import Foundation
import Hyperscope

/// The formats a table command can write.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

/// `--format` and `--output`, shared by the commands that print tables.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: TableFormat = .table

    @Option(
        name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Writes `text` to the output file or standard output.
    func emit(_ text: String) throws {
        try Output.emit(text, to: output)
    }

    /// Writes the pieces `write` hands its sink to the output file or standard output, as they come.
    func emit(_ write: (TextSink) throws -> Void) throws {
        try Output.emit(to: output, write)
    }

    /// The style for tables: colour only on a terminal and never into a file.
    var style: TerminalStyle {
        output == nil ? TerminalStyle.forDescriptor(STDOUT_FILENO) : .plain
    }
}

/// Where command output goes.
enum Output {
    /// Writes `text` to `path`, or to standard output when `path` is `nil`.
    static func emit(_ text: String, to path: String?) throws {
        try emit(to: path) { try text.write(to: $0) }
    }

    /// Writes the pieces `write` hands its sink to `path`, or to standard output when `path` is
    /// `nil`, as they come (a large table is not joined into one text), ending with a line break.
    static func emit(to path: String?, _ write: (TextSink) throws -> Void) throws {
        var endsLine = false
        guard let path else {
            // Straight to the descriptor, after what `print` has buffered so far.
            fflush(nil)
            do {
                try write { piece in
                    guard !piece.isEmpty else { return }
                    try FileHandle.standardOutput.write(contentsOf: piece)
                    endsLine = piece[piece.count - 1] == UInt8(ascii: "\n")
                }
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure("cannot write to standard output: \(error.localizedDescription)")
            }
            if !endsLine { print() }
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure("cannot write \(path): cannot create the file") }
        defer { try? handle.close() }
        do {
            try write { piece in try handle.write(contentsOf: piece) }
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Writes a list of `count` elements, each written by `writeElement(position, sink)`, as indented
    /// JSON with a final line break (NaN as `null`) to `path`, or to standard output, a piece at a
    /// time: the same text as ``json(_:)`` of the list, in bounded memory, the elements written on
    /// every core.
    static func emitJSONList(
        count: Int, writeElement: @Sendable (Int, inout JSONTextSink) -> Void, to path: String?
    ) throws {
        try emit(to: path) { sink in
            try jsonWriter.writeList(count: count, writeElement: writeElement, to: sink)
            try "\n".write(to: sink)
        }
    }

    /// A value as indented JSON with a final line break, NaN written as `null`.
    static func json(_ value: Value) -> String {
        jsonWriter.string(from: value) + "\n"
    }

    /// How commands write JSON: indented, NaN and the infinities as `null`.
    static let jsonWriter = JSONWriter(pretty: true, nonFiniteNumbers: .null)
}

/// A command that cannot proceed: the message is printed as `Error: …`, and the process exits with
/// ``status`` (see ``ExitStatus``).
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var description: String
    /// The exit status.
    var status: Int32

    init(_ description: String, status: Int32 = ExitStatus.failure) {
        self.description = description
        self.status = status
    }
}
