import Foundation

/// Reads a configuration file's text with errors a user can act on: a folder, a FIFO or a device
/// is refused before anything waits on it, and so is a file too large to be a configuration.
package enum ConfigurationText {
    /// The largest configuration file read.
    package static let maximumBytes = 16 << 20

    /// The text of the configuration file at `path`.
    ///
    /// - Parameter what: What the file is, for messages (`the search configuration`).
    /// - Throws: ``ConfigurationError`` naming the file and what is wrong with it.
    package static func read(_ path: String, what: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigurationError(
                .unreadableFile, inFile: path, "cannot read \(what): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            throw ConfigurationError(
                .unreadableFile, inFile: path, "is a folder; give the path of \(what), a YAML file")
        case S_IFIFO:
            throw ConfigurationError(
                .unreadableFile, inFile: path,
                "is a FIFO (named pipe), not a file; give the path of \(what), a YAML file")
        default:
            throw ConfigurationError(
                .unreadableFile, inFile: path, "is not a regular file; give the path of \(what), a YAML file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw ConfigurationError(
                .unreadableFile, inFile: path,
                "\(info.st_size) bytes is larger than any \(what) (at most \(maximumBytes) bytes)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(
                .unreadableFile, inFile: path, "cannot read \(what): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.unreadableFile, inFile: path, "\(what) is not UTF-8 text")
        }
        // A byte-order mark some editors write is not part of the YAML.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}
