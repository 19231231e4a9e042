/// What RecLab binary this is: the git commit it was built from and whether that checkout had
/// uncommitted changes, recorded at build time (the `BuildInfoPlugin` prebuild command), so a run's
/// manifest names the code that produced it wherever the binary is run from.
///
/// ```swift
/// BuildInfo.commit   // "2b10ad3…" ("unknown" when built outside a git checkout)
/// BuildInfo.dirty    // false
/// ```
public enum BuildInfo {
    /// The commit hash, or "unknown".
    public static var commit: String { buildCommit }
    /// Whether tracked files differed from the commit when it was built.
    public static var dirty: Bool { buildDirty }
}
