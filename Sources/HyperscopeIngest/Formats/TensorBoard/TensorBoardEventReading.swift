import Foundation
import HyperscopeCore

/// Reads the event files TensorBoard's writers leave in a run's folder (`events.out.tfevents.*`:
/// PyTorch's and tensorboardX's `SummaryWriter`, Lightning's default logger, Keras' callback,
/// `tf.summary`) as one run named by the folder.
///
/// A file is a sequence of records (a 64-bit length, its checksum, an `Event` message, its
/// checksum); an event holds a wall time, a step and a summary of tagged values. Each scalar
/// (`simple_value`, or a one-element float or double tensor) is a point of the metric named by its
/// tag (`train/loss`) at `step`; the earliest wall time is the run's start. Hyperparameters written
/// with the hparams plugin (`add_hparams`, Lightning's `log_hyperparams`) are parameters; a
/// `hparams.yaml` beside the files gives the others (``RunConfigFile``). Histograms, images, text and
/// other tensors are passed over, named in one problem. All event files of a folder are read, in
/// name order (a resumed training adds one), from its first, which the scan finds.
enum TensorBoardEventReading {
    /// How every event file's name starts.
    static let fileNamePrefix = "events.out.tfevents."

    /// The hparams plugin's tags, which hold the hyperparameters rather than values.
    private static let hparamsTagPrefix = "_hparams_/"

    /// Whether a file name is an event file's.
    static func isEventFile(_ name: String) -> Bool {
        name.hasPrefix(fileNamePrefix)
    }

    /// The event files of the folder holding `path`, in name order, with their modification times.
    static func eventFiles(besides path: String) -> [(path: String, modifiedAt: Double)] {
        let folder = (path as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter(isEventFile).sorted().compactMap { name in
            let file = folder + "/" + name
            guard let status = try? SourceFile.status(of: file), status.isRegularFile else { return nil }
            return (file, status.modifiedAt)
        }
    }

    /// What one folder's event files hold, read so far.
    private struct Reading {
        var curves = CurveAccumulator()
        var params: [String: Value] = [:]
        var startedAt: Double?
        var passedOverTags: Set<String> = []
    }

    /// Reads the run of the folder whose first event file is `source`, named `name`.
    static func read(
        source: String, name: String, looksAlive: Bool, maximumBytes: Int
    ) -> (runs: [Run], problems: [IngestProblem]) {
        var reading = Reading()
        var problems: [IngestProblem] = []
        for file in eventFiles(besides: source) {
            let fileName = (file.path as NSString).lastPathComponent
            do throws(SourceReadError) {
                let size = try SourceFile.status(of: file.path).size
                guard size <= maximumBytes else {
                    throw SourceReadError("larger than the limit of \(maximumBytes) bytes for an event file")
                }
                let bytes = try SourceFile.readRange(file.path, from: 0, byteCount: Int(size))
                if let damage = readRecords(bytes, into: &reading), !looksAlive {
                    problems.append(IngestProblem(file: source, reason: "\(fileName): \(damage); the rest is not read"))
                }
            } catch {
                problems.append(IngestProblem(file: source, reason: "\(fileName): \(error.reason)"))
            }
        }
        if !reading.passedOverTags.isEmpty {
            let tags = reading.passedOverTags.sorted()
            let shown = tags.prefix(5).joined(separator: ", ") + (tags.count > 5 ? ", …" : "")
            problems.append(
                IngestProblem(
                    file: source,
                    reason:
                        "\(tags.count == 1 ? "1 tag holds" : "\(tags.count) tags hold") no scalars (histograms, images, text or other tensors), passed over: \(shown)"
                ))
        }
        let key = (source as NSString).deletingLastPathComponent + "/" + fileNamePrefix
        var run = Run(key: key, name: name, source: source, format: .tensorboard)
        run.setEndlessStatus(recordedBy: "a TensorBoard event file", looksAlive: looksAlive)
        run.params = reading.params
        run.startedAt = reading.startedAt
        run.curves = reading.curves.curves
        return ([run], problems)
    }

    /// Reads a file's records; what is wrong with it when it ends inside a record or holds one that
    /// is not an event.
    private static func readRecords(_ bytes: [UInt8], into reading: inout Reading) -> String? {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 16 else { return "it ends inside a record at byte \(offset)" }
            var header = ProtobufReader(bytes[offset..<offset + 8])
            guard let length = header.fixed64(), length <= UInt64(bytes.count - offset - 16) else {
                return "it ends inside a record at byte \(offset) (a damaged or cut file)"
            }
            let start = offset + 12
            let end = start + Int(length)
            guard readEvent(bytes[start..<end], into: &reading) else {
                return "the record at byte \(offset) is not a TensorBoard event"
            }
            offset = end + 4
        }
        return nil
    }

    /// Reads one `Event`: `wall_time` (1), `step` (2), `summary` (5).
    private static func readEvent(_ bytes: ArraySlice<UInt8>, into reading: inout Reading) -> Bool {
        var message = ProtobufReader(bytes)
        var wallTime: Double?
        var step: Double = 0
        var summaries: [ArraySlice<UInt8>] = []
        while let field = message.nextField() {
            switch (field.number, field.wireType) {
            case (1, .fixed64):
                guard let bits = message.fixed64() else { return false }
                wallTime = Double(bitPattern: bits)
            case (2, .varint):
                guard let value = message.varint() else { return false }
                step = Double(Int64(bitPattern: value))
            case (5, .lengthDelimited):
                guard let summary = message.lengthDelimited() else { return false }
                summaries.append(summary)
            default:
                guard message.skip(field.wireType) else { return false }
            }
        }
        if let wallTime, wallTime > 0, reading.startedAt.map({ wallTime < $0 }) ?? true { reading.startedAt = wallTime }
        for summary in summaries {
            var values = ProtobufReader(summary)
            while let field = values.nextField() {
                guard field.number == 1, field.wireType == .lengthDelimited else {
                    guard values.skip(field.wireType) else { return false }
                    continue
                }
                guard let value = values.lengthDelimited() else { return false }
                readValue(value, step: step, into: &reading)
            }
        }
        return true
    }

    /// Reads one `Summary.Value`: `tag` (1), `simple_value` (2), `tensor` (8), `metadata` (9).
    private static func readValue(_ bytes: ArraySlice<UInt8>, step: Double, into reading: inout Reading) {
        var message = ProtobufReader(bytes)
        var tag = ""
        var number: Double?
        var tensor: ArraySlice<UInt8>?
        var metadata: ArraySlice<UInt8>?
        while let field = message.nextField() {
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                tag = message.lengthDelimited().map { String(decoding: $0, as: UTF8.self) } ?? ""
            case (2, .fixed32): number = message.fixed32().map { Double(Float(bitPattern: $0)) }
            case (8, .lengthDelimited): tensor = message.lengthDelimited()
            case (9, .lengthDelimited): metadata = message.lengthDelimited()
            default: guard message.skip(field.wireType) else { return }
            }
        }
        if tag.hasPrefix(hparamsTagPrefix) {
            if let metadata { readHyperparameters(metadata, into: &reading.params) }
            return
        }
        if number == nil, let tensor { number = scalar(ofTensor: tensor) }
        guard let number else {
            reading.passedOverTags.insert(tag)
            return
        }
        reading.curves.append(number, to: MetricKey(parsing: tag), at: [("step", step)])
    }

    /// The value of a one-element `TensorProto` of floats or doubles: `dtype` (1), `tensor_content`
    /// (4), `float_val` (5), `double_val` (6).
    private static func scalar(ofTensor bytes: ArraySlice<UInt8>) -> Double? {
        var message = ProtobufReader(bytes)
        var dtype: UInt64 = 0
        var values: [Double] = []
        var content: ArraySlice<UInt8>?
        while let field = message.nextField() {
            switch (field.number, field.wireType) {
            case (1, .varint): dtype = message.varint() ?? 0
            case (4, .lengthDelimited): content = message.lengthDelimited()
            case (5, .fixed32): values += message.fixed32().map { [Double(Float(bitPattern: $0))] } ?? []
            case (6, .fixed64): values += message.fixed64().map { [Double(bitPattern: $0)] } ?? []
            case (5, .lengthDelimited), (6, .lengthDelimited):
                guard let packed = message.lengthDelimited() else { return nil }
                var items = ProtobufReader(packed)
                while true {
                    if field.number == 5, let bits = items.fixed32() {
                        values.append(Double(Float(bitPattern: bits)))
                    } else if field.number == 6, let bits = items.fixed64() {
                        values.append(Double(bitPattern: bits))
                    } else {
                        break
                    }
                }
            default: guard message.skip(field.wireType) else { return nil }
            }
        }
        // DT_FLOAT is 1, DT_DOUBLE 2.
        if values.isEmpty, let content {
            var items = ProtobufReader(content)
            if dtype == 1, content.count == 4, let bits = items.fixed32() { return Double(Float(bitPattern: bits)) }
            if dtype == 2, content.count == 8, let bits = items.fixed64() { return Double(bitPattern: bits) }
        }
        guard dtype == 1 || dtype == 2, values.count == 1 else { return nil }
        return values[0]
    }

    /// The hyperparameters of the hparams plugin's `session_start_info`: the summary metadata's
    /// `plugin_data` (1) → `content` (2), an `HParamsPluginData` → `session_start_info` (3) → `hparams`
    /// (1), a map of names to `google.protobuf.Value` (a number 2, a string 3, a flag 4).
    private static func readHyperparameters(_ metadata: ArraySlice<UInt8>, into params: inout [String: Value]) {
        guard let pluginData = field(1, of: metadata), let content = field(2, of: pluginData),
            let start = field(3, of: content)
        else { return }
        var info = ProtobufReader(start)
        while let entryField = info.nextField() {
            guard entryField.number == 1, entryField.wireType == .lengthDelimited, let entry = info.lengthDelimited()
            else {
                guard info.skip(entryField.wireType) else { return }
                continue
            }
            guard let nameBytes = field(1, of: entry), let valueBytes = field(2, of: entry) else { continue }
            var value = ProtobufReader(valueBytes)
            while let valueField = value.nextField() {
                let name = String(decoding: nameBytes, as: UTF8.self)
                switch (valueField.number, valueField.wireType) {
                case (2, .fixed64):
                    if let bits = value.fixed64() {
                        let number = Double(bitPattern: bits)
                        params[name] =
                            number.rounded() == number && abs(number) < 1e15 ? .int(Int64(number)) : .float(number)
                    }
                case (3, .lengthDelimited):
                    if let text = value.lengthDelimited() {
                        params[name] = .string(String(decoding: text, as: UTF8.self))
                    }
                case (4, .varint):
                    if let flag = value.varint() { params[name] = .bool(flag != 0) }
                default:
                    guard value.skip(valueField.wireType) else { break }
                }
            }
        }
    }

    /// The bytes of the first length-delimited field `number` of a message.
    private static func field(_ number: UInt64, of bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var message = ProtobufReader(bytes)
        while let field = message.nextField() {
            if field.number == number, field.wireType == .lengthDelimited { return message.lengthDelimited() }
            guard message.skip(field.wireType) else { return nil }
        }
        return nil
    }
}
