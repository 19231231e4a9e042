import Foundation
import PackagePlugin

/// Records the git commit RecLab is built from, and whether the checkout had uncommitted changes,
/// in a generated `BuildCommit.swift` of the target it is applied to (`RecBuildInfo`). A prebuild
/// command, so every build refreshes it; the file is rewritten only when its text changes, so an
/// unchanged commit recompiles nothing. Outside a git checkout the commit is "unknown".
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let out = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let script = #"""
            set -u
            mkdir -p "$2"
            commit=unknown
            dirty=false
            # Only the package's own checkout counts (not an enclosing repository), and only a real commit.
            top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null || true)
            if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$1" && pwd -P)" ]; then
                head=$(git -C "$1" rev-parse -q --verify HEAD 2>/dev/null || true)
                case "$head" in
                    *[!0-9a-f]*|"") ;;
                    *) if [ ${#head} -eq 40 ]; then commit=$head; fi ;;
                esac
                if [ "$commit" != unknown ] && [ -n "$(git -C "$1" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=true; fi
            fi
            text="let buildCommit = \"$commit\"
            let buildDirty = $dirty"
            file="$2/BuildCommit.swift"
            if [ "$(cat "$file" 2>/dev/null)" != "$text" ]; then printf '%s\n' "$text" > "$file.tmp" && mv "$file.tmp" "$file"; fi
            """#
        // The build's PATH and HOME, so git is found where the user has it and honours their
        // configuration (safe.directory for a checkout owned by another user).
        let environment = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        return [.prebuildCommand(displayName: "Recording RecLab's build commit",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "build-info", context.package.directoryURL.path, out.path],
                                 environment: environment,
                                 outputFilesDirectory: out)]
    }
}
