import Foundation
import HyperscopeCore
import HyperscopeStore
import TestSupport
import Testing

/// Event files written byte by byte here, from the protocol buffer definitions (tensorflow's
/// `event.proto`, `summary.proto`, `tensor.proto` and the hparams plugin's `plugin_data.proto`),
/// independently of the reader.
@Suite("TensorBoard event files")
struct TensorBoardEventTests {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }
    static func key(_ number: UInt64, _ wireType: UInt64) -> [UInt8] { varint(number << 3 | wireType) }
    static func message(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        key(number, 2) + varint(UInt64(bytes.count)) + bytes
    }
    static func text(_ number: UInt64, _ text: String) -> [UInt8] { message(number, Array(text.utf8)) }
    static func double(_ number: UInt64, _ value: Double) -> [UInt8] {
        key(number, 1) + withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
    }
    static func float(_ number: UInt64, _ value: Float) -> [UInt8] {
        key(number, 5) + withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
    }
    /// A TFRecord: the length, a checksum (not checked by the reader; zeros here), the data, its checksum.
    static func record(_ data: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init) + [0, 0, 0, 0] + data + [0, 0, 0, 0]
    }
    /// An event at `step` whose summary holds `values` (each a `Summary.Value`).
    static func event(step: UInt64, wallTime: Double, _ values: [[UInt8]]) -> [UInt8] {
        record(double(1, wallTime) + key(2, 0) + varint(step) + message(5, values.flatMap { message(1, $0) }))
    }
    static func simple(_ tag: String, _ value: Float) -> [UInt8] { text(1, tag) + float(2, value) }
    /// A TF2 scalar: a float tensor (`dtype` 1) with its value packed in `float_val`.
    static func floatTensor(_ tag: String, _ value: Float) -> [UInt8] {
        text(1, tag)
            + message(
                8, key(1, 0) + varint(1) + message(5, withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)))
    }
    /// A double tensor (`dtype` 2) with its value in `tensor_content`.
    static func doubleTensor(_ tag: String, _ value: Double) -> [UInt8] {
        text(1, tag)
            + message(
                8, key(1, 0) + varint(2) + message(4, withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)))
    }
    static func histogram(_ tag: String) -> [UInt8] { text(1, tag) + message(5, double(1, 0) + double(2, 1)) }
    /// The hparams plugin's session start: `lr` 0.1, `batch` 32, `opt` "adam", `amp` true.
    static func hyperparameters() -> [UInt8] {
        func entry(_ name: String, _ value: [UInt8]) -> [UInt8] { message(1, text(1, name) + message(2, value)) }
        let start =
            entry("lr", double(2, 0.1)) + entry("batch", double(2, 32)) + entry("opt", text(3, "adam"))
            + entry("amp", key(4, 0) + varint(1))
        let pluginData = text(1, "hparams") + message(2, key(1, 0) + varint(0) + message(3, start))
        return text(1, "_hparams_/session_start_info") + message(9, message(1, pluginData))
    }

    @Test("a folder's event files are one run: scalars of every kind over step, hparams, the rest named once")
    func eventFiles() async throws {
        let folder = try TestSupport.scratchFolder()
        let first =
            Self.event(step: 0, wallTime: 1_716_000_010, [Self.hyperparameters()])
            + Self.event(step: 0, wallTime: 1_716_000_011, [Self.simple("train/loss", 2.5), Self.histogram("weights")])
            + Self.event(
                step: 1, wallTime: 1_716_000_012, [Self.simple("train/loss", 1.25), Self.floatTensor("val/acc", 0.5)])
        let resumed =
            Self.event(
                step: 2, wallTime: 1_716_000_100, [Self.simple("train/loss", 0.75), Self.doubleTensor("lr_now", 0.1)])
            + Array(Self.event(step: 3, wallTime: 1_716_000_101, [Self.simple("train/loss", 0.5)]).dropLast(3))
        try TestSupport.write(Data(first), to: "tb/run-a/events.out.tfevents.1716000010.host.1.0", in: folder)
        try TestSupport.write(Data(resumed), to: "tb/run-a/events.out.tfevents.1716000100.host.2.0", in: folder)
        try TestSupport.write("lr: 0.5\nwidth: 64\n", to: "tb/run-a/hparams.yaml", in: folder)
        let result = try await ingest([folder.appendingPathComponent("tb").path])
        #expect(result.runs.count == 1)
        let run = try #require(result.runs["run-a"])
        #expect(run.format == .tensorboard && run.status == .completed)
        #expect(run.values("train/loss") == [2.5, 1.25, 0.75])
        #expect(run.curve(MetricKey(parsing: "train/loss"))?.axis(named: "step") == [0, 1, 2])
        #expect(run.values("val/acc") == [0.5])
        #expect(run.values("lr_now") == [0.1])
        #expect(
            run.params == [
                "lr": .float(0.1), "batch": .int(32), "opt": .string("adam"), "amp": .bool(true), "width": .int(64),
            ])
        #expect(run.startedAt == 1_716_000_010)
        let reasons = result.summary.problems.map(\.problem.reason).sorted()
        #expect(reasons.count == 2, "\(reasons)")
        #expect(
            reasons.first == "1 tag holds no scalars (histograms, images, text or other tensors), passed over: weights")
        #expect(
            reasons.last?.hasPrefix("events.out.tfevents.1716000100.host.2.0: it ends inside a record at byte ") == true
        )
    }

    @Test("an event file added to the folder (a resumed training) reads the run again")
    func addedEventFile() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(
            Data(Self.event(step: 0, wallTime: 1_716_000_010, [Self.simple("loss", 2)])),
            to: "run/events.out.tfevents.1716000010.host.1.0", in: folder)
        let store = MemoryStore()
        _ = try await ingest([folder.path], store: store)
        let added = try TestSupport.write(
            Data(Self.event(step: 1, wallTime: 1_716_000_020, [Self.simple("loss", 1)])),
            to: "run/events.out.tfevents.1716000020.host.2.0", in: folder)
        try TestSupport.setModificationDate(Date().addingTimeInterval(10), of: added)
        let again = try await ingest([folder.path], store: store)
        #expect(again.summary.filesReplaced == 1)
        #expect(again.runs["run"]?.values("loss") == [2, 1])
    }

    @Test(
        "a file cut anywhere in its first record is a problem of the file, not a crash",
        arguments: [1, 11, 12, 15, 16, 20])
    func cutFile(length: Int) async throws {
        let folder = try TestSupport.scratchFolder("cutFile-\(length)")
        let bytes = Array(Self.event(step: 0, wallTime: 1_716_000_010, [Self.simple("loss", 2)]).prefix(length))
        try TestSupport.write(Data(bytes), to: "run/events.out.tfevents.1.host", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problems.count == 1)
        #expect(result.summary.problems.first?.problem.reason.contains("ends inside a record at byte 0") == true)
        #expect(result.runs["run"]?.curves.isEmpty == true)
    }
}
