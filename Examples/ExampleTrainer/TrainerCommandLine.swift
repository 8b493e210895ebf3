import Foundation

/// The example trainer's program: parse the arguments, train, write the log.
public enum TrainerCommandLine {
    /// Runs the trainer with command-line arguments (without the program name).
    ///
    /// - Returns: The process exit status: 0 on success, 1 when the log cannot be written, 2 for bad arguments.
    public static func run(arguments: [String]) -> Int32 {
        let configuration: LogisticTrainer.Configuration
        let logPath: String?
        do {
            (configuration, logPath) = try TrainerArguments.parse(arguments)
        } catch {
            FileHandle.standardError.write(Data("example-trainer: \(error)\n".utf8))
            return 2
        }
        let trainer = LogisticTrainer(configuration: configuration)
        guard let logPath else {
            trainer.train { print($0) }
            return 0
        }
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: logPath)
        else {
            FileHandle.standardError.write(Data("example-trainer: cannot write \(logPath)\n".utf8))
            return 1
        }
        // The predictions go beside the log: run.jsonl gets run.predictions.jsonl.
        let log = URL(fileURLWithPath: logPath)
        let predictionsName = log.deletingPathExtension().lastPathComponent + ".predictions.jsonl"
        let predictionsURL = log.deletingLastPathComponent().appendingPathComponent(predictionsName)
        guard FileManager.default.createFile(atPath: predictionsURL.path, contents: nil),
            let predictionsHandle = try? FileHandle(forWritingTo: predictionsURL)
        else {
            FileHandle.standardError.write(Data("example-trainer: cannot write \(predictionsURL.path)\n".utf8))
            return 1
        }
        // The trainer writes every prediction before the log line that names the file.
        let predictions = LogisticTrainer.PredictionsOutput(pathInLog: predictionsName) { line in
            predictionsHandle.write(Data((line + "\n").utf8))
        }
        trainer.train(predictions: predictions) { handle.write(Data(($0 + "\n").utf8)) }
        try? predictionsHandle.close()
        try? handle.close()
        return 0
    }
}
