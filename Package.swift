// swift-tools-version: 6.1
// RecLab — a recommender-systems research harness.
// Targets are listed bottom-up: each layer depends only on the layers above it in this file.
import PackageDescription

let package = Package(
    name: "RecLab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reclab", targets: ["reclab"]),
        .library(name: "RecLab", targets: ["RecCore", "RecConfig", "RecHDF5", "RecData", "RecProfiles", "RecModels", "RecEval", "RecSpec", "RecRunner", "RecCharts", "RecReport", "RecServe", "RecSQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - C system libraries (found through pkg-config; only one Swift module wraps each)
        /// libhdf5 (Debian `libhdf5-dev`); wrapped by RecHDF5 only.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        /// OpenBLAS cblas + LAPACKE (Debian `libopenblas-dev`, `liblapacke-dev`); wrapped by RecCore's algebra only.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),

        /// Software prefetch hints (`__builtin_prefetch`) for the samplers' random accesses; used by RecModels only.
        .target(name: "CPrefetch"),

        // MARK: - Build info: the git commit the binary was built from (a prebuild plugin writes it)
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),
        .target(name: "RecBuildInfo", plugins: ["BuildInfoPlugin"]),

        // MARK: - Core: matrices, index maps, seeded RNG, errors, parallel-for, BLAS algebra
        .target(name: "RecCore", dependencies: ["CBLAS"]),

        // MARK: - Config: JSON values, parameter declarations (`@Param`), configuration decoding
        .target(name: "RecConfig"),

        // MARK: - HDF5: the one typed Swift wrapper over the C API
        .target(name: "RecHDF5", dependencies: ["CHDF5", "RecCore"]),

        // MARK: - Autodiff: differentiable tensor, primitives with their derivatives, layers, optimisers
        .target(name: "RecAutodiff", dependencies: ["RecCore"]),

        // MARK: - Data: schema, loaders, preprocessing, splitters, synthetic generator, HDF5 cache
        .target(name: "RecData", dependencies: [
            "RecCore", "RecConfig", "RecHDF5",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),

        // MARK: - SQL: SQLite (GRDB) and PostgreSQL (postgres-nio) drivers behind RecData's `SQLConnector`
        .target(name: "RecSQL", dependencies: [
            "RecCore", "RecData",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),

        // MARK: - Profiles: user and item profile features (static + dynamic), normalisation, fold-in
        .target(name: "RecProfiles", dependencies: [
            "RecCore", "RecConfig", "RecHDF5", "RecData",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // MARK: - Evaluation: ranker, metrics, significance tests, subgroup tables
        .target(name: "RecEval", dependencies: ["RecCore", "RecConfig", "RecData",
                                                .product(name: "Collections", package: "swift-collections")]),

        // MARK: - Models: the Recommender protocol and one folder per model family
        .target(name: "RecModels", dependencies: ["CPrefetch", "RecCore", "RecConfig", "RecHDF5", "RecData", "RecAutodiff", "RecProfiles", "RecEval"]),

        // MARK: - Specs: JSON experiment specs, validation with JSON paths, sweep expansion
        .target(name: "RecSpec", dependencies: ["RecCore", "RecConfig", "RecData", "RecSQL", "RecProfiles", "RecEval"]),

        // MARK: - Charts: SVG line, scatter, bar and heat-map charts with nice ticks and log scales
        .target(name: "RecCharts"),

        // MARK: - Report: the run's report data (`report.json`) and its self-contained HTML page
        .target(name: "RecReport", dependencies: ["RecCharts", .product(name: "Mustache", package: "swift-mustache")]),

        // MARK: - Runner: models registry, trial scheduling, resume, traces, result writers
        .target(name: "RecRunner", dependencies: ["RecBuildInfo", "RecReport", "RecCore", "RecConfig", "RecHDF5", "RecData", "RecProfiles", "RecModels", "RecEval", "RecSpec"]),

        // MARK: - Serving: a saved model behind HTTP (Hummingbird 2), events folded in through a write-ahead log
        .target(name: "RecServe", dependencies: [
            "RecCore", "RecHDF5", "RecData", "RecProfiles", "RecModels", "RecRunner",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // MARK: - CLI
        .executableTarget(name: "reclab", dependencies: [
            "RecCore", "RecAutodiff", "RecData", "RecModels", "RecRunner", "RecSpec", "RecEval", "RecProfiles", "RecReport", "RecServe",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Tests
        .target(name: "RecTestSupport", dependencies: ["RecCore", "RecData", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                path: "Tests/RecTestSupport"),
        .testTarget(name: "RecCoreTests", dependencies: ["RecCore", "RecTestSupport"]),
        .testTarget(name: "RecHDF5Tests", dependencies: ["RecHDF5", "RecTestSupport"]),
        .testTarget(name: "RecAutodiffTests", dependencies: ["RecAutodiff", "RecTestSupport"]),
        .testTarget(name: "RecDataTests", dependencies: ["RecData", "RecHDF5", "RecTestSupport"]),
        .testTarget(name: "RecSQLTests", dependencies: ["RecSQL", "RecData", "RecSpec", "RecRunner", "RecTestSupport",
                                                    .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RecProfilesTests", dependencies: ["RecProfiles", "RecHDF5", "RecTestSupport"]),
        .testTarget(name: "RecModelsTests", dependencies: ["RecModels", "RecTestSupport"]),
        .testTarget(name: "RecEvalTests", dependencies: ["RecEval", "RecTestSupport"]),
        .testTarget(name: "RecConfigTests", dependencies: ["RecConfig"]),
        .testTarget(name: "RecSpecTests", dependencies: ["RecSpec", "RecTestSupport"]),
        .testTarget(name: "RecRunnerTests", dependencies: ["RecRunner", "RecReport", "RecTestSupport"]),
        .testTarget(name: "RecChartsTests", dependencies: ["RecCharts"]),
        .testTarget(name: "RecServeTests", dependencies: ["RecServe", "RecRunner", "RecTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
