import ArgumentParser
import ExampleTrainer
import Foundation

/// `hyperscope example-trainer …`: the example training job that the quickstart runs as child processes.
struct ExampleTrainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-trainer",
        abstract: "Train the example logistic-regression model and write Hyperscope's log format.",
        discussion:
            "Options: --optimizer sgd|momentum|adam --lr 0.1 --epochs 15 --batch-size 32 --weight-decay 0 --seed 0 [--log FILE] [--predictions FILE]. With --log FILE.jsonl it also writes the validation and test logits to FILE.predictions.jsonl (or to --predictions FILE) and names them in the log.",
        shouldDisplay: false)

    @Argument(parsing: .allUnrecognized, help: "The trainer's options.")
    var arguments: [String] = []

    func run() throws {
        let status = TrainerCommandLine.run(arguments: arguments)
        if status != 0 { throw ExitCode(status) }
    }
}
