/// Reads the timestamps that logs and tables carry into seconds since 1970 (UTC).
public enum Timestamp {
    /// Reads a timestamp: a number of seconds since 1970 (milliseconds when larger than 1e11), or an
    /// ISO 8601 / pandas date-time string such as `2024-05-01T10:00:00Z`, `2024-05-01 10:00:00.123456`
    /// or `2024-05-01T12:00:00+02:00`. A string without a zone is taken as UTC.
    ///
    /// - Returns: Seconds since 1970, or `nil` when the value is not a timestamp.
    public static func seconds(from value: Value) -> Double? {
        switch value {
        case .int, .float:
            guard let number = value.numericValue, number.isFinite else { return nil }
            return number > 1e11 ? number / 1000 : number
        case .string(let text):
            return seconds(fromISO8601: text)
        default:
            return nil
        }
    }

    /// Reads an ISO 8601 date-time string; see ``seconds(from:)``.
    public static func seconds(fromISO8601 text: String) -> Double? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var result = 0
            for _ in 0..<digits {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                result = result * 10 + digit
                index += 1
            }
            return result
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        guard index < bytes.count else { return seconds }
        guard expect("T t"), let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60 else {
            return nil
        }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(":") {
            guard let second = number(2), second <= 60 else { return nil }
            seconds += Double(second)
            if expect(".,") {
                var scale = 0.1
                while index < bytes.count, (48...57).contains(bytes[index]) {
                    seconds += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        guard index < bytes.count else { return seconds }
        if expect("Zz") { return index == bytes.count ? seconds : nil }
        let sign: Double = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        guard expect("+-"), let zoneHours = number(2) else { return nil }
        _ = expect(":")
        let zoneMinutes = number(2) ?? 0
        guard index == bytes.count else { return nil }
        return seconds - sign * Double(zoneHours * 3600 + zoneMinutes * 60)
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Seconds since 1970 as UTC `2026-11-23T22:40:54Z` (whole seconds).
    public static func iso8601(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }

    /// The civil date of a day count from 1970-01-01, after Howard Hinnant's `civil_from_days`.
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Reads a duration: a number of seconds, `H:MM:SS(.fff)`, or pandas' `0 days 00:01:02.5`.
    ///
    /// - Returns: Seconds, or `nil` when the value is not a duration.
    public static func duration(from value: Value) -> Double? {
        if let number = value.numericValue { return number.isFinite ? number : nil }
        guard case .string(let text) = value else { return nil }
        var remaining = Substring(text.trimmingCharacters(in: " "))
        var total = 0.0
        if let daysRange = remaining.firstRange(of: " days ") ?? remaining.firstRange(of: " day ") {
            guard let days = Double(remaining[..<daysRange.lowerBound]) else { return nil }
            total += days * 86_400
            remaining = remaining[daysRange.upperBound...]
        }
        let parts = remaining.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var partSeconds = 0.0
        for part in parts {
            guard let number = Double(part), number >= 0 else { return nil }
            partSeconds = partSeconds * 60 + number
        }
        return total + partSeconds
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
