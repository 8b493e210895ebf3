import ArgumentParser
import Hyperscope

/// `--exclude` and `--include`: which varying keys an analysis leaves out beyond the defaults
/// (noise names, identifiers) and which it keeps although they look like noise.
struct DetectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Also leave out keys matching this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep keys matching this glob even if they look like noise or identifiers (repeatable).", valueName: "glob")
    )
    var include: [String] = []

    /// The detection of the project's settings with these options added.
    func detection(_ settings: AnalysisSettings) -> SweepDetection {
        settings.detection(excluding: exclude, including: include)
    }
}
