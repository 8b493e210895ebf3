import Foundation

/// The example trainer's program: parse the arguments, train, write the log.
public enum TrainerCommandLine {
    /// Runs the trainer with command-line arguments (without the program name).
    ///
    /// - Returns: The process exit status: 0 on success, 1 when the log cannot be written, 2 for bad arguments.
    public static func run(arguments: [String]) -> Int32 {
        let configuration: LogisticTrainer.Configuration
        let logPath: String?
        let predictionsPath: String?
        do {
            (configuration, logPath, predictionsPath) = try TrainerArguments.parse(arguments)
        } catch {
            FileHandle.standardError.write(Data("example-trainer: \(error)\n".utf8))
            return 2
        }
        let trainer = LogisticTrainer(configuration: configuration)
        guard let logPath else {
            guard let predictionsPath else {
                trainer.train { print($0) }
                return 0
            }
            // The log goes to standard output and names the predictions file by its absolute path.
            let absolute = URL(fileURLWithPath: predictionsPath).standardizedFileURL.path
            return write(predictionsTo: absolute, namedAs: absolute) { predictions in
                trainer.train(predictions: predictions) { print($0) }
            }
        }
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: logPath)
        else {
            FileHandle.standardError.write(Data("example-trainer: cannot write \(logPath)\n".utf8))
            return 1
        }
        // The predictions go beside the log (run.jsonl gets run.predictions.jsonl), unless placed elsewhere.
        let log = URL(fileURLWithPath: logPath)
        let besideLog = log.deletingPathExtension().lastPathComponent + ".predictions.jsonl"
        let placed = predictionsPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let path = placed ?? log.deletingLastPathComponent().appendingPathComponent(besideLog).path
        let status = write(predictionsTo: path, namedAs: placed ?? besideLog) { predictions in
            trainer.train(predictions: predictions) { handle.write(Data(($0 + "\n").utf8)) }
        }
        try? handle.close()
        return status
    }

    /// Opens the predictions file and trains with it; 1 when it cannot be written.
    private static func write(
        predictionsTo path: String, namedAs name: String, train: (LogisticTrainer.PredictionsOutput) -> Void
    ) -> Int32 {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            FileHandle.standardError.write(Data("example-trainer: cannot write \(path)\n".utf8))
            return 1
        }
        // The trainer writes every prediction before the log line that names the file.
        train(LogisticTrainer.PredictionsOutput(pathInLog: name) { handle.write(Data(($0 + "\n").utf8)) })
        try? handle.close()
        return 0
    }
}
