import ArgumentParser
import Foundation
import RecData
import RecRunner
import RecSpec

/// `reclab data …`: fetch datasets and describe them.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Fetch datasets and print their statistics.",
        subcommands: [Fetch.self, Info.self, Export.self]
    )

    /// `reclab data fetch ml-100k` or `reclab data fetch PATH/ml-1m.zip`.
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a known dataset (ml-100k, from PyPI's recbole 1.2.1 wheel, SHA-256 checked) or unpack a GroupLens zip.")

        @Argument(help: "ml-100k, or a path to a GroupLens ml-100k.zip / ml-1m.zip.")
        var dataset: String

        @OptionGroup var common: CommonOptions

        func run() throws {
            let fetcher = DatasetFetcher(root: common.datasets)
            if let known = KnownDataset.named(dataset) {
                try fetcher.fetch(known) { print($0) }
            } else if dataset.hasSuffix(".zip") {
                try fetcher.unpackGroupLensZip(at: dataset) { print($0) }
            } else {
                throw ValidationError("unknown dataset '\(dataset)': use \(KnownDataset.all.map(\.name).joined(separator: ", ")) or a path to a GroupLens .zip")
            }
        }
    }

    /// `reclab data info ml-100k`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print users, items, interactions, density, rating histogram, attributes and knowledge-graph statistics.")

        @Argument(help: "ml-100k, ml-1m, synthetic, or a path to a folder/file in a supported format. Default: ml-100k if fetched, else synthetic.")
        var dataset: String?

        @Option(help: "Field separator of a delimited file (e.g. ',', '\\t' or '::'); guessed when omitted.")
        var sep: String?

        @Flag(help: "The delimited file's first line names its columns (guessed when no layout option is given).")
        var header = false

        @Option(help: "Roles of a delimited file's columns in order, '_' for one to skip: 'user,item,rating,timestamp'.")
        var columns: String?

        @OptionGroup var common: CommonOptions

        func run() throws {
            var source = dataset.map(DataSource.parse) ?? DataSource.defaultSource(root: common.datasets)
            if case .path(let path, _) = source, sep != nil || header || columns != nil {
                source = .path(path, format: .delimited(try layout(of: path)))
            }
            let result = try DataPipeline(log: { Console.error($0) }).run(DataRequest(source: source, root: common.datasets))
            print(DatasetSummary(result.dataset).render())
            print("cache         \(result.cachePath) (\(result.cacheHit ? "hit" : "built"))")
        }

        /// The layout the flags give: `--sep` and `--header` as given, `--columns` naming each
        /// column's role by position; without `--columns`, the roles by header name or position.
        func layout(of path: String) throws -> DelimitedOptions {
            var options = DelimitedOptions(delimiter: sep.map { $0 == "\\t" ? "\t" : $0 } ?? ",", hasHeader: header)
            if let columns {
                let roles = columns.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                let known = ["user", "item", "rating", "timestamp", "_"]
                if let bad = roles.first(where: { !known.contains($0) }) {
                    throw ValidationError("--columns: unknown role '\(bad)'" + (Suggestions.didYouMean(bad, in: known).map { "; \($0)" } ?? "")
                                          + " (roles: user, item, rating, timestamp, _ to skip a column)")
                }
                func column(_ role: String) -> ColumnRef? { roles.firstIndex(of: role).map { .index($0) } }
                guard let user = column("user"), let item = column("item") else {
                    throw ValidationError("--columns must name the user and item columns, e.g. 'user,item,rating,timestamp'")
                }
                options.user = user; options.item = item; options.rating = column("rating"); options.timestamp = column("timestamp")
            } else if let guessed = try? DelimitedSniffer.sniff(path: path), guessed.delimiter == options.delimiter, guessed.hasHeader || !header {
                options = guessed
            } else {
                options.rating = nil
            }
            do { try options.requireValid() } catch { throw ValidationError("\(error)") }
            return options
        }
    }

    /// `reclab data export SPEC --out DIR`: the spec's split as TSV files for peer libraries.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a spec's train/validation/test split as TSV files (user_id item_id rating timestamp, external ids), to run peer libraries on exactly the same data.")

        @Argument(help: "Path to the JSON experiment spec whose dataset and split are exported.")
        var spec: String

        @Option(help: "Output folder (created if needed).")
        var out: String

        @Option(help: "Fold to export for k-fold specs (default: the first).")
        var fold: Int?

        @OptionGroup var common: CommonOptions

        func run() throws {
            let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
            let files = try SplitExporter(spec: parsed, datasetsRoot: common.datasets)
                .export(to: out, fold: fold, log: { Console.error($0) })
            for f in files { print("\(f.path)\t\(f.rows) rows") }
        }
    }
}

/// Options shared by every command that touches data.
struct CommonOptions: ParsableArguments {
    @Option(help: "Datasets root folder (known datasets and the HDF5 cache live under it).")
    var datasets: String = ProcessInfo.processInfo.environment["RECLAB_DATASETS"] ?? "datasets"
}
