import Foundation
import HyperscopeCore

/// The database form of a ``HyperscopeCore/RunTable``: one blob of packed arrays, shared by every
/// database store.
///
/// Numbers are stored raw (eight bytes, native little-endian order) or packed by ``PackedColumn``;
/// strings as a dictionary of distinct strings and one code per run. A parameter's distinct values
/// are raw numbers or strings when they are all of one such type, and a JSON list otherwise.
/// Decoding a 1,024-run segment copies arrays; it parses no JSON for typical parameters.
enum RunTableCoding {
    /// The first byte of every encoding; a different one is refused as corrupt.
    private static let version: UInt8 = 4

    private enum ValuesTag: UInt8 {
        case json = 0
        case floats = 1
        case integers = 2
        case strings = 3
    }

    /// The bytes of a table: a header (version, run count, parameter and metric counts, each
    /// section's length), then its sections, each readable on its own: the runs' metadata, one per
    /// parameter, one per metric. The sections are encoded and decoded on every core.
    static func encode(_ table: RunTable) -> Data {
        let parameterCount = table.parameters.count
        let sections = Array(0..<(1 + parameterCount + table.metrics.count)).concurrentMap { section -> Data in
            var writer = ByteWriter()
            if section == 0 {
                writer.appendMetadata(of: table)
            } else if section <= parameterCount {
                writer.append(table.parameterKeys[section - 1])
                writer.append(table.parameters[section - 1])
            } else {
                writer.append(
                    table.metricKeys[section - 1 - parameterCount], table.metrics[section - 1 - parameterCount])
            }
            return writer.data
        }
        var writer = ByteWriter()
        writer.append(version)
        for number in [table.count, parameterCount, table.metrics.count] { writer.append(UInt32(number)) }
        for section in sections { writer.appendRaw([UInt64(section.count)]) }
        for section in sections { writer.data.append(section) }
        return writer.data
    }

    /// The table a blob holds.
    ///
    /// - Throws: ``StoreError`` (corrupt) when the bytes are damaged or of another version.
    static func decode(_ data: Data) throws -> RunTable {
        try decode(byteCount: data.count) { range in
            data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
        }
    }

    /// The table a blob of `byteCount` bytes holds, its parts read through `read` (a range of the
    /// blob's bytes; called from several threads, one section each, so a section is read by the core
    /// that decodes it and no copy of the whole blob is ever made).
    ///
    /// - Throws: ``StoreError`` (corrupt) when the bytes are damaged or of another version, or what
    ///   `read` throws.
    static func decode(byteCount: Int, reading read: @Sendable (Range<Int>) throws -> Data) throws -> RunTable {
        let fixedHeader = 1 + 3 * MemoryLayout<UInt32>.size
        guard byteCount >= fixedHeader else {
            throw StoreError(
                .corrupt, "a stored run table segment holds \(byteCount) bytes, expected at least \(fixedHeader)")
        }
        var reader = ByteReader(data: try read(0..<fixedHeader))
        guard try reader.byte() == version else {
            throw StoreError(.corrupt, "a stored run table segment has an unknown version")
        }
        let count = Int(try reader.integer(UInt32.self))
        let parameterCount = Int(try reader.integer(UInt32.self))
        let metricCount = Int(try reader.integer(UInt32.self))
        let sectionCount = 1 + parameterCount + metricCount
        let header = fixedHeader + sectionCount * MemoryLayout<UInt64>.size
        guard header <= byteCount else {
            throw StoreError(.corrupt, "a stored run table segment is shorter than its header")
        }
        var lengthReader = ByteReader(data: try read(fixedHeader..<header))
        let lengths: [UInt64] = try lengthReader.raw(count: sectionCount)
        var sections: [Range<Int>] = []
        var offset = header
        for length in lengths {
            guard length <= UInt64(byteCount - offset) else {
                throw StoreError(.corrupt, "a stored run table segment is shorter than its sections")
            }
            sections.append(offset..<(offset + Int(length)))
            offset += Int(length)
        }
        guard offset == byteCount else {
            throw StoreError(.corrupt, "a stored run table segment has \(byteCount - offset) bytes too many")
        }
        let sectionRanges = sections
        let parts = Array(sections.indices).concurrentMap { section -> Result<Section, StoreError> in
            do {
                var reader = ByteReader(data: try read(sectionRanges[section]))
                let part: Section =
                    if section == 0 {
                        .metadata(try reader.metadata(count: count))
                    } else if section <= parameterCount {
                        .parameter(try reader.string(), try reader.parameterColumn(count: count))
                    } else {
                        try reader.metric(count: count)
                    }
                guard reader.offset == reader.data.count else {
                    throw StoreError(.corrupt, "a stored run table segment's section \(section) has bytes too many")
                }
                return .success(part)
            } catch {
                return .failure(error as? StoreError ?? StoreError(.corrupt, "\(error)"))
            }
        }
        guard case .metadata(let metadata) = try parts[0].get() else { preconditionFailure("section 0 is metadata") }
        var parameterKeys: [String] = []
        var parameters: [RunTable.ParameterColumn] = []
        var metricKeys: [MetricKey] = []
        var metrics: [RunTable.MetricColumn] = []
        for part in parts.dropFirst() {
            switch try part.get() {
            case .parameter(let key, let column):
                parameterKeys.append(key)
                parameters.append(column)
            case .metric(let key, let column):
                metricKeys.append(key)
                metrics.append(column)
            case .metadata: preconditionFailure("only section 0 is metadata")
            }
        }
        return RunTable(
            ids: metadata.ids, names: metadata.names, sources: metadata.sources, formats: metadata.formats,
            statuses: metadata.statuses, startedAt: metadata.startedAt, endedAt: metadata.endedAt,
            trainingSeconds: metadata.trainingSeconds, gitCommits: metadata.gitCommits,
            statusReasons: metadata.statusReasons, studies: metadata.studies, trials: metadata.trials,
            parameterKeys: parameterKeys, parameters: parameters, metricKeys: metricKeys, metrics: metrics)
    }

    /// What one section of a blob holds.
    private enum Section: Sendable {
        case metadata(Metadata)
        case parameter(String, RunTable.ParameterColumn)
        case metric(MetricKey, RunTable.MetricColumn)
    }

    /// The runs' columns other than parameters and metrics.
    private struct Metadata: Sendable {
        var ids: [Int64]
        var names: [String]
        var sources: [String]
        var formats: [LogFormat]
        var statuses: [RunStatus]
        var startedAt: [Double]
        var endedAt: [Double]
        var trainingSeconds: [Double]
        var gitCommits: RunTable.ParameterColumn
        var statusReasons: RunTable.ParameterColumn
        var studies: RunTable.ParameterColumn
        var trials: RunTable.ParameterColumn
    }

    private struct ByteWriter {
        var data = Data()

        mutating func append(_ byte: UInt8) {
            data.append(byte)
        }

        mutating func append(_ integer: UInt32) {
            withUnsafeBytes(of: integer.littleEndian) { data.append(contentsOf: $0) }
        }

        mutating func append(_ string: String) {
            let bytes = Array(string.utf8)
            append(UInt32(bytes.count))
            data.append(contentsOf: bytes)
        }

        mutating func appendRaw<Element: FixedWidthInteger>(_ values: [Element]) {
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        }

        /// The distinct strings, then one code per string.
        mutating func appendDictionary(_ strings: [String]) {
            var numbers: [String: UInt32] = [:]
            var distinct: [String] = []
            let codes = strings.map { string in
                if let known = numbers[string] { return known }
                let number = UInt32(distinct.count)
                numbers[string] = number
                distinct.append(string)
                return number
            }
            append(UInt32(distinct.count))
            for string in distinct { append(string) }
            appendRaw(codes)
        }

        mutating func appendMetadata(of table: RunTable) {
            appendRaw(table.ids)
            for strings in [table.names, table.sources, table.formats.map(\.rawValue)] {
                appendDictionary(strings)
            }
            appendDictionary(table.statuses.map(\.rawValue))
            for numbers in [table.startedAt, table.endedAt, table.trainingSeconds] {
                PackedColumn.encode(numbers, into: &data)
            }
            for column in [table.gitCommits, table.statusReasons, table.studies, table.trials] {
                append(column)
            }
        }

        mutating func append(_ key: MetricKey, _ column: RunTable.MetricColumn) {
            append(key.split)
            append(key.metric)
            appendRaw(column.counts)
            for numbers in [column.last, column.minimum, column.maximum] {
                PackedColumn.encode(numbers, into: &data)
            }
            appendRaw(column.epochCounts)
            PackedColumn.encode(column.lastEpochs, into: &data)
        }

        mutating func append(_ column: RunTable.ParameterColumn) {
            appendRaw(column.codes)
            appendValues(column.values)
        }

        mutating func appendValues(_ values: [Value]) {
            append(UInt32(values.count))
            if let numbers = values.all({ if case .float(let number) = $0 { number } else { nil } }) {
                append(ValuesTag.floats.rawValue)
                numbers.withUnsafeBytes { data.append(contentsOf: $0) }
            } else if let integers = values.all({ if case .int(let integer) = $0 { integer } else { nil } }) {
                append(ValuesTag.integers.rawValue)
                appendRaw(integers)
            } else if let strings = values.all(\.stringValue) {
                append(ValuesTag.strings.rawValue)
                for string in strings { append(string) }
            } else {
                append(ValuesTag.json.rawValue)
                append(RunFieldCoding.encode(Value.list(values)))
            }
        }
    }

    private struct ByteReader {
        let data: Data
        var offset = 0

        mutating func bytes(_ length: Int) throws -> Data {
            let start = data.startIndex + offset
            guard length >= 0, start + length <= data.endIndex else {
                throw StoreError(
                    .corrupt,
                    "a stored run table segment holds \(data.count) bytes, expected at least \(offset + length)")
            }
            offset += length
            return data[start..<start + length]
        }

        mutating func byte() throws -> UInt8 {
            try bytes(1).first!
        }

        mutating func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
            Integer(littleEndian: try bytes(MemoryLayout<Integer>.size).withUnsafeBytes { $0.loadUnaligned(as: type) })
        }

        mutating func string() throws -> String {
            let length = Int(try integer(UInt32.self))
            return String(decoding: try bytes(length), as: UTF8.self)
        }

        mutating func raw<Element: FixedWidthInteger>(count: Int) throws -> [Element] {
            let source = try bytes(count * MemoryLayout<Element>.size)
            return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyBytes(from: source) }
                initialized = count
            }
        }

        /// `count` raw numbers, each made into an element as it is read (no array of the numbers in between).
        mutating func raw<Number: FixedWidthInteger, Element>(
            count: Int, _ element: (Number) -> Element
        ) throws
            -> [Element]
        {
            let source = try bytes(count * MemoryLayout<Number>.size)
            return source.withUnsafeBytes { buffer in
                (0..<count).map { index in
                    element(
                        Number(
                            littleEndian: buffer.loadUnaligned(
                                fromByteOffset: index * MemoryLayout<Number>.size, as: Number.self)))
                }
            }
        }

        mutating func dictionary(count: Int) throws -> [String] {
            try dictionary(count: count) { $0 }
        }

        /// A dictionary's strings, each distinct one made into an element once, and one element per code.
        mutating func dictionary<Element>(count: Int, _ element: (String) throws -> Element) throws -> [Element] {
            let distinct = try (0..<Int(try integer(UInt32.self))).map { _ in try element(try string()) }
            let codes: [UInt32] = try raw(count: count)
            return try codes.map { code in
                guard Int(code) < distinct.count else {
                    throw StoreError(.corrupt, "a stored run table segment numbers a string it does not hold")
                }
                return distinct[Int(code)]
            }
        }

        mutating func metadata(count: Int) throws -> Metadata {
            let ids: [Int64] = try raw(count: count)
            let names = try dictionary(count: count)
            let sources = try dictionary(count: count)
            let formats = try dictionary(count: count) { name in
                guard let format = LogFormat(rawValue: name) else {
                    throw StoreError(.corrupt, "a stored run table segment has an unknown format '\(name)'")
                }
                return format
            }
            let statuses = try dictionary(count: count) { name in
                guard let status = RunStatus(rawValue: name) else {
                    throw StoreError(.corrupt, "a stored run table segment has an unknown status '\(name)'")
                }
                return status
            }
            return Metadata(
                ids: ids, names: names, sources: sources, formats: formats, statuses: statuses,
                startedAt: try PackedColumn.decode(data, at: &offset, count: count),
                endedAt: try PackedColumn.decode(data, at: &offset, count: count),
                trainingSeconds: try PackedColumn.decode(data, at: &offset, count: count),
                gitCommits: try parameterColumn(count: count), statusReasons: try parameterColumn(count: count),
                studies: try parameterColumn(count: count), trials: try parameterColumn(count: count))
        }

        mutating func metric(count: Int) throws -> Section {
            let key = MetricKey(split: try string(), metric: try string())
            let counts: [Int32] = try raw(count: count)
            let last = try PackedColumn.decode(data, at: &offset, count: count)
            let minimum = try PackedColumn.decode(data, at: &offset, count: count)
            let maximum = try PackedColumn.decode(data, at: &offset, count: count)
            let epochCounts: [Int32] = try raw(count: count)
            let lastEpochs = try PackedColumn.decode(data, at: &offset, count: count)
            return .metric(
                key,
                RunTable.MetricColumn(
                    counts: counts, last: last, minimum: minimum, maximum: maximum, epochCounts: epochCounts,
                    lastEpochs: lastEpochs))
        }

        mutating func parameterColumn(count: Int) throws -> RunTable.ParameterColumn {
            let codes: [Int32] = try raw(count: count)
            let values = try values()
            guard codes.allSatisfy({ $0 >= -1 && Int($0) < values.count }) else {
                throw StoreError(.corrupt, "a stored run table segment numbers values it does not hold")
            }
            return RunTable.ParameterColumn(codes: codes, values: values)
        }

        mutating func values() throws -> [Value] {
            let count = Int(try integer(UInt32.self))
            guard let tag = ValuesTag(rawValue: try byte()) else {
                throw StoreError(.corrupt, "a stored run table segment has values of an unknown kind")
            }
            switch tag {
            case .floats:
                return try raw(count: count) { (bits: UInt64) in .float(Double(bitPattern: bits)) }
            case .integers:
                return try raw(count: count) { (integer: Int64) in .int(integer) }
            case .strings:
                return try (0..<count).map { _ in .string(try string()) }
            case .json:
                let text = try string()
                guard case .list(let values) = try RunFieldCoding.decodeValue(text, column: "run table segment values"),
                    values.count == count
                else {
                    throw StoreError(.corrupt, "a stored run table segment's values are not a list of \(count)")
                }
                return values
            }
        }
    }
}

extension [Value] {
    /// What `extract` reads from every value, or `nil` when it reads nothing from one of them.
    fileprivate func all<Part>(_ extract: (Value) -> Part?) -> [Part]? {
        var elements: [Part] = []
        elements.reserveCapacity(count)
        for value in self {
            guard let element = extract(value) else { return nil }
            elements.append(element)
        }
        return elements
    }
}
