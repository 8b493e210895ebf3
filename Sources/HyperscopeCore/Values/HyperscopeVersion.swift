/// Hyperscope's version.
public enum HyperscopeVersion {
    /// The version string printed by `--version` and stored with studies.
    public static let current = "0.1.0"
}
