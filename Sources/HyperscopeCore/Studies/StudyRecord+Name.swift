extension StudyRecord {
    /// The longest study name accepted, in characters.
    public static let maximumNameLength = 200

    /// What is wrong with a study name, or `nil` when it is fine.
    ///
    /// A name is also a folder (`runs/<study>/`) and a word in shell hints and exported files, so it
    /// must not be empty, hold `/`, be `.` or `..` or contain `..`, hold control characters (a newline
    /// would start a new line in an exported file), or be longer than ``maximumNameLength``.
    public static func nameProblem(_ name: String) -> String? {
        if name.allSatisfy({ $0 == " " || $0 == "\t" }) { return "a study name cannot be empty" }
        if name.contains("/") { return "a study name cannot contain '/': it names a folder" }
        if name.contains("..") || name == "." { return "a study name cannot contain '..' or be '.': it names a folder" }
        if name.hasControlCharacters {
            return
                "a study name cannot contain control characters such as a line break ('\(name.escapingControlCharacters)')"
        }
        if name.count > maximumNameLength {
            return "a study name can have at most \(maximumNameLength) characters (this one has \(name.count))"
        }
        return nil
    }
}
