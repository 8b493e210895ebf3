import Foundation

/// Packs an array of `Double` into bytes and back, for columnar curve storage.
///
/// Each column starts with a tag byte choosing the smallest exact form:
/// - `0`, raw: the values, eight bytes each (a curve of 10,000 points is one 80 kB read);
/// - `1`, constant: one value (a learning rate logged on every line);
/// - `2`, arithmetic: start and step, when `start + i × step` gives every value bit for bit (steps);
/// - `3`, runs: a count of runs, then (value, length) pairs, when that is less than half the raw
///   size (epochs repeated over the steps of each epoch).
///
/// Every form reproduces the values bit for bit, NaN included. Bytes are in the machine's native
/// order, little-endian on every platform Hyperscope builds for.
enum PackedColumn {
    private enum Tag: UInt8 {
        case raw = 0
        case constant = 1
        case arithmetic = 2
        case runs = 3
    }

    /// Appends the encoding of `values` to `data`.
    ///
    /// - Complexity: O(*n*).
    static func encode(_ values: [Double], into data: inout Data) {
        guard let first = values.first else {
            data.append(Tag.raw.rawValue)
            return
        }
        if values.allSatisfy({ $0.bitPattern == first.bitPattern }) {
            data.append(Tag.constant.rawValue)
            append(first, to: &data)
            return
        }
        let step = values[1] - values[0]
        if values.count > 2, step.isFinite,
            values.indices.allSatisfy({ (first + Double($0) * step).bitPattern == values[$0].bitPattern })
        {
            data.append(Tag.arithmetic.rawValue)
            append(first, to: &data)
            append(step, to: &data)
            return
        }
        // Runs pay when they take less than a quarter of the raw bytes: counted first, stopping as
        // soon as they cannot (most columns of measured values), before any run is built.
        if runCount(values, below: (values.count * 4 - 4 + 15) / 16) != nil {
            let runs = runLengths(values)
            data.append(Tag.runs.rawValue)
            withUnsafeBytes(of: UInt32(runs.count).littleEndian) { data.append(contentsOf: $0) }
            for run in runs {
                append(run.value, to: &data)
                append(Double(run.length), to: &data)
            }
            return
        }
        data.append(Tag.raw.rawValue)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }

    /// The encoding of one array.
    static func encode(_ values: [Double]) -> Data {
        var data = Data()
        encode(values, into: &data)
        return data
    }

    /// Reads `count` values encoded at `offset`, moving `offset` past them.
    ///
    /// - Throws: ``StoreError`` when the bytes are shorter than their encoding says or the tag is unknown.
    /// - Complexity: O(*count*).
    static func decode(_ data: Data, at offset: inout Int, count: Int) throws -> [Double] {
        let tagByte = try bytes(data, at: &offset, length: 1).first!
        guard let tag = Tag(rawValue: tagByte) else {
            throw StoreError(.corrupt, "a stored curve column has an unknown encoding \(tagByte)")
        }
        switch tag {
        case .raw:
            let raw = try bytes(data, at: &offset, length: count * 8)
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyBytes(from: raw) }
                initialized = count
            }
        case .constant:
            return Array(repeating: try double(data, at: &offset), count: count)
        case .arithmetic:
            let start = try double(data, at: &offset)
            let step = try double(data, at: &offset)
            return (0..<count).map { start + Double($0) * step }
        case .runs:
            let header = try bytes(data, at: &offset, length: 4)
            let runCount = Int(UInt32(littleEndian: header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
            var values: [Double] = []
            values.reserveCapacity(count)
            for _ in 0..<runCount {
                let value = try double(data, at: &offset)
                let length = try double(data, at: &offset)
                guard length >= 0, length <= Double(count - values.count) else {
                    throw StoreError(.corrupt, "a stored curve column's runs hold more than its \(count) values")
                }
                values += repeatElement(value, count: Int(length))
            }
            guard values.count == count else {
                throw StoreError(.corrupt, "a stored curve column's runs hold \(values.count) of its \(count) values")
            }
            return values
        }
    }

    /// How many runs of equal values (bit for bit) `values` has, or `nil` as soon as there are
    /// `limit` or more.
    private static func runCount(_ values: [Double], below limit: Int) -> Int? {
        var count = 0
        var previous: UInt64?
        for value in values where value.bitPattern != previous {
            count += 1
            if count >= limit { return nil }
            previous = value.bitPattern
        }
        return count
    }

    private static func runLengths(_ values: [Double]) -> [(value: Double, length: Int)] {
        var runs: [(value: Double, length: Int)] = []
        for value in values {
            if let last = runs.last, last.value.bitPattern == value.bitPattern {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((value, 1))
            }
        }
        return runs
    }

    private static func append(_ value: Double, to data: inout Data) {
        withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
    }

    private static func double(_ data: Data, at offset: inout Int) throws -> Double {
        try bytes(data, at: &offset, length: 8).withUnsafeBytes { $0.loadUnaligned(as: Double.self) }
    }

    private static func bytes(_ data: Data, at offset: inout Int, length: Int) throws -> Data {
        let start = data.startIndex + offset
        guard length >= 0, start + length <= data.endIndex else {
            throw StoreError(
                .corrupt, "a stored curve column holds \(data.count) bytes, expected at least \(offset + length)")
        }
        offset += length
        return data[start..<start + length]
    }
}
