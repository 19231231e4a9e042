import Foundation

/// The Slurm side of a sharded sweep (`reclab slurm SPEC --tasks N`): an sbatch script for a job
/// array whose task I runs `reclab run SPEC --shard I/N`, and one for a finishing job, submitted
/// with `--dependency=afterok` on the array, that runs `reclab run SPEC` — reusing every stored
/// trial, running the refits and writing the tables and report. A failed or cancelled task is
/// made good by submitting again: finished trials are skipped.
///
/// ```swift
/// let job = SlurmJob(name: "sweep", spec: "/home/me/sweep.json", reclab: "/opt/reclab/bin/reclab", tasks: 4,
///                    workingDirectory: "/home/me", logFolder: "/home/me/results/sweep/slurm")
/// print(job.arrayScript())
/// ```
public struct SlurmJob: Sendable {
    public var name: String
    /// Absolute paths: the tasks may start in another directory on another node.
    public var spec: String
    public var reclab: String
    public var tasks: Int
    public var workingDirectory: String
    /// Where the tasks' output goes (`shard-<I>.log`, `finish.log`).
    public var logFolder: String
    /// `reclab run` options every job passes on (`--output`, `--datasets`).
    public var runArguments: [String] = []
    /// `#SBATCH` settings; nil leaves the cluster's default.
    public var partition: String?
    public var time: String?
    public var cpusPerTask: Int?
    public var memory: String?

    public init(name: String, spec: String, reclab: String, tasks: Int, workingDirectory: String, logFolder: String) {
        self.name = name; self.spec = spec; self.reclab = reclab; self.tasks = tasks
        self.workingDirectory = workingDirectory; self.logFolder = logFolder
    }

    /// The job array: task `$SLURM_ARRAY_TASK_ID` (0 … tasks − 1) runs its shard.
    public func arrayScript() -> String {
        script(jobName: "reclab-\(name)", extra: ["--array=0-\(tasks - 1)", "--output=\(logFolder)/shard-%a.log"],
               command: [reclab, "run", spec, "--plain", "--shard", "${SLURM_ARRAY_TASK_ID}/\(tasks)"] + runArguments)
    }

    /// The finishing job: refits, tables and the report, from the records the array stored.
    public func finishScript() -> String {
        script(jobName: "reclab-\(name)-finish", extra: ["--output=\(logFolder)/finish.log"],
               command: [reclab, "run", spec, "--plain"] + runArguments)
    }

    private func script(jobName: String, extra: [String], command: [String]) -> String {
        var lines = ["#!/bin/bash", "# Written by `reclab slurm`; submitting it again reruns only unfinished trials."]
        var settings = ["--job-name=\(jobName)"] + extra
        if let partition { settings.append("--partition=\(partition)") }
        if let time { settings.append("--time=\(time)") }
        if let cpusPerTask { settings.append("--cpus-per-task=\(cpusPerTask)") }
        if let memory { settings.append("--mem=\(memory)") }
        lines += settings.map { "#SBATCH \($0)" }
        lines.append("set -euo pipefail")
        lines.append("cd \(Self.quoted(workingDirectory))")
        if let cpusPerTask { lines.append("export RECLAB_THREADS=\(cpusPerTask)") }
        // The shard argument keeps its variable; everything else is quoted for the shell.
        lines.append("exec " + command.map { $0.contains("${SLURM_ARRAY_TASK_ID}") ? "\"\($0)\"" : Self.quoted($0) }.joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in single quotes for a POSIX shell (a quote inside closes, escapes and reopens).
    public static func quoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:@%+,".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
