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
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null || echo unknown)
            dirty=false
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=true; fi
            text="let buildCommit = \"$commit\"
            let buildDirty = $dirty"
            file="$2/BuildCommit.swift"
            if [ "$(cat "$file" 2>/dev/null)" != "$text" ]; then printf '%s\n' "$text" > "$file.tmp" && mv "$file.tmp" "$file"; fi
            """#
        return [.prebuildCommand(displayName: "Recording RecLab's build commit",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "build-info", context.package.directoryURL.path, out.path],
                                 outputFilesDirectory: out)]
    }
}
