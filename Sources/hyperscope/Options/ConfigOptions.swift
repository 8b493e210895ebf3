import ArgumentParser
import Hyperscope

/// `--config`: where the project's settings are read from.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The settings file (display names, noise keys).",
            discussion: "Default: $HYPERSCOPE_CONFIG, else ./hyperscope.yaml when it exists.", valueName: "file"))
    var config: String?

    /// The settings: from `--config`, `HYPERSCOPE_CONFIG` or `./hyperscope.yaml`, else the defaults.
    func settings() throws -> AnalysisSettings {
        try ProjectSettingsFile.settings(path: config)
    }
}
