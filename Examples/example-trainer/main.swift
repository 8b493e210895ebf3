// The example trainer as a stand-alone program: `swift run example-trainer --optimizer adam --lr 0.01`.
// It writes Hyperscope's log format to standard output, or to the file given with `--log` (and then
// the validation and test logits beside it, in FILE.predictions.jsonl).
import ExampleTrainer
import Foundation

exit(TrainerCommandLine.run(arguments: Array(CommandLine.arguments.dropFirst())))
