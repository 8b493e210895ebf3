/// Splits CSV text (RFC 4180) into records of fields, keeping the line each record starts on.
///
/// Quoted fields may hold separators, doubled quotes and line breaks. A quote that is never closed
/// is reported with the line where its field began, and the records before it are kept. A UTF-8
/// byte-order mark at the start is skipped.
struct CSVParser {
    /// One record: its fields and the 1-based line it starts on.
    struct Record {
        /// The record's fields, unquoted.
        var fields: [String]
        /// The line the record starts on.
        var line: Int
        /// Whether some field held bytes that are not UTF-8 (they read as U+FFFD).
        var hasInvalidUTF8: Bool
    }

    /// The records, and the line of a quoted field that is never closed (it swallows the rest of
    /// the file, so its record and what follows are lost), if there is one.
    struct Parsed {
        /// The complete records before any unclosed quote.
        var records: [Record]
        /// The line where a never-closed quoted field began.
        var unterminatedQuoteLine: Int?
    }

    /// The field separator: `,` for CSV, a tab for TSV.
    var separator: UInt8 = UInt8(ascii: ",")

    /// Parses the whole text into records; blank lines are skipped.
    ///
    /// - Complexity: O(*n*).
    func records(in bytes: [UInt8]) -> Parsed {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = SourceFile.byteOrderMarkLength(bytes)
        var inQuotes = false
        var quoteLine = 1
        var fieldStarted = false
        var invalidUTF8 = false
        func endField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                invalidUTF8 = true
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine, hasInvalidUTF8: invalidUTF8))
            }
            fields.removeAll()
            invalidUTF8 = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\"") where !fieldStarted:
                    inQuotes = true
                    quoteLine = line
                    fieldStarted = true
                case separator:
                    endField()
                case 0x0A:
                    endRecord()
                    line += 1
                    recordLine = line
                case 0x0D:
                    break
                default:
                    field.append(byte)
                    fieldStarted = true
                }
            }
            index += 1
        }
        if inQuotes { return Parsed(records: records, unterminatedQuoteLine: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return Parsed(records: records, unterminatedQuoteLine: nil)
    }
}
