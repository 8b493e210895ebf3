/// The fields of many objects laid out as columns: each column is a key, and each object (a row)
/// has in each column one of the column's values, by its code, or lacks the key. Each field's
/// text, `"key": value`, is written once per distinct value, so a listing that writes the same keys
/// with the same values in many documents (a run table's parameters) copies each field's text
/// rather than writing its key and value again.
///
/// Only scalar values have a text: a list or an object is written at the indentation of where it
/// is, so ``JSONTextSink`` writes those fields as it writes any other.
package struct JSONFieldColumns: Sendable {
    /// Each column's key.
    let keys: [String]
    /// Each column's values.
    let values: [[Value]]
    /// Each row's value codes, row after row (`rowCodes[row * keys.count + column]`), -1 where the
    /// row lacks the key: a document reads its row's codes from one place.
    let rowCodes: [Int32]
    /// Every field's text, one after another, column after column.
    let texts: [UInt8]
    /// Where each field's text starts in ``texts``: the field of column `c`'s value `v` is
    /// `offsets[bases[c] + v] ..< offsets[bases[c] + v + 1]`, empty for a value without a text
    /// (no field's text is empty).
    let offsets: [Int]
    /// Where each column's values start in ``offsets``.
    let bases: [Int]
    /// The writer of the texts.
    private let writer: JSONWriter

    /// Columns of `keys`, each with its rows' `codes` into its `values`, and each field's text as
    /// `writer` writes it, made on every core.
    package init(keys: [String], codes: [[Int32]], values: [[Value]], writer: JSONWriter) {
        self.keys = keys
        self.values = values
        self.writer = writer
        let columnTexts: [ColumnTexts] = Array(keys.indices).concurrentMap { column in
            ColumnTexts(key: keys[column], values: values[column], writer: writer)
        }
        var texts: [UInt8] = []
        texts.reserveCapacity(columnTexts.map(\.texts.count).reduce(0, +))
        var offsets: [Int] = []
        var bases: [Int] = []
        for column in columnTexts {
            bases.append(offsets.count)
            let start: Int = texts.count
            offsets.append(start)
            for end in column.ends { offsets.append(start + end) }
            texts += column.texts
        }
        self.texts = texts
        self.offsets = offsets
        self.bases = bases
        rowCodes = Self.rowMajor(codes)
    }

    /// The codes of `codes`' columns, row after row.
    private static func rowMajor(_ codes: [[Int32]]) -> [Int32] {
        let rowCount: Int = codes.first?.count ?? 0
        let columnCount: Int = codes.count
        var rowCodes = [Int32](repeating: -1, count: rowCount * columnCount)
        for column in 0..<columnCount {
            for row in 0..<rowCount { rowCodes[row * columnCount + column] = codes[column][row] }
        }
        return rowCodes
    }

    /// One column's fields' texts, one after another, and where each ends.
    private struct ColumnTexts: Sendable {
        var texts: [UInt8] = []
        var ends: [Int] = []

        init(key: String, values: [Value], writer: JSONWriter) {
            var quotedKey: [UInt8] = []
            JSONWriter.appendQuoted(key, to: &quotedKey)
            quotedKey.append(UInt8(ascii: ":"))
            if writer.pretty { quotedKey.append(UInt8(ascii: " ")) }
            texts.reserveCapacity(values.count * (quotedKey.count + 8))
            ends.reserveCapacity(values.count)
            for value in values {
                switch value {
                case .list, .object: break
                default:
                    texts += quotedKey
                    writer.write(value, indent: 0, into: &texts)
                }
                ends.append(texts.count)
            }
        }
    }

    /// Whether the fields' texts are the ones `writer` would write.
    func areWritten(by other: JSONWriter) -> Bool {
        other.pretty == writer.pretty && other.nonFiniteNumbers == writer.nonFiniteNumbers
    }
}
