import ArgumentParser
import Foundation
import RecCore
import RecRunner
import RecSpec

/// `reclab slurm SPEC --tasks N`: run a spec's sweep as a Slurm job array plus a finishing job.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a spec on a Slurm cluster: a job array of N shards (`reclab run --shard I/N`) and a dependent finishing job that refits and writes the tables and report.",
        discussion: "Writes array.sbatch and finish.sbatch under <output>/<name>/slurm/, prints them, and submits them with sbatch unless --dry-run. The results folder must be shared by the nodes. Submit again to rerun failed or cancelled tasks: finished trials are skipped.")

    @Argument(help: "Path to the JSON experiment spec.")
    var spec: String

    @Option(help: "Array tasks (shards).")
    var tasks: Int

    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Time limit per task (Slurm format, e.g. 2:00:00).") var time: String?
    @Option(help: "CPUs per task (also RECLAB_THREADS).") var cpus: Int?
    @Option(help: "Memory per task (Slurm format, e.g. 8G).") var mem: String?

    @Option(help: "Write results under this folder instead of the spec's output.folder.")
    var output: String?

    @Flag(help: "Write and print the scripts without submitting them.")
    var dryRun = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard (1...1000).contains(tasks) else { throw ValidationError("--tasks must be between 1 and 1000") }
        let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        let root = absolute(output ?? parsed.output.folder)
        let folder = root + "/" + parsed.name + "/slurm"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolute(CommandLine.arguments[0])
        var job = SlurmJob(name: parsed.name, spec: absolute(spec), reclab: binary, tasks: tasks, workingDirectory: cwd, logFolder: folder)
        job.runArguments = ["--output", root, "--datasets", absolute(common.datasets)]
        job.partition = partition; job.time = time; job.cpusPerTask = cpus; job.memory = mem
        let array = folder + "/array.sbatch", finish = folder + "/finish.sbatch"
        try AtomicFile.write(Data(job.arrayScript().utf8), to: array)
        try AtomicFile.write(Data(job.finishScript().utf8), to: finish)
        print("# \(array)\n" + job.arrayScript() + "\n# \(finish)\n" + job.finishScript())
        if dryRun { return }
        let arrayID = try Self.sbatch([array])
        let finishID = try Self.sbatch(["--dependency=afterok:\(arrayID)", "--kill-on-invalid-dep=yes", finish])
        print("submitted: array job \(arrayID) (\(tasks) tasks), finishing job \(finishID)")
        print("follow: squeue -j \(arrayID),\(finishID); logs in \(folder); the report will be \(root)/\(parsed.name)/\(parsed.fingerprint.prefix(12))/report.html")
    }

    /// Runs `sbatch --parsable ARGS` and returns the job id.
    static func sbatch(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sbatch", "--parsable"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let id = String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard p.terminationStatus == 0, !id.isEmpty else {
            throw ValidationError("sbatch \(arguments.joined(separator: " ")) failed: " + String(decoding: e, as: UTF8.self))
        }
        return id
    }
}
