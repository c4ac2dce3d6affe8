// swift-tools-version:6.1
// FactLedger's benchmarks (issue 8), in their own package so the root package never builds
// ordo-one/benchmark. Run with `swift package benchmark` from this folder.
import PackageDescription

let package = Package(
    name: "FactLedgerBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "factledger", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FactLedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Events", package: "factledger"),
                .product(name: "Projections", package: "factledger"),
                .product(name: "Ledger", package: "factledger"),
                .product(name: "Ingest", package: "factledger"),
                .product(name: "SQLite", package: "factledger"),
                .product(name: "Workload", package: "factledger"),
            ],
            path: "Benchmarks/FactLedgerBenchmarks",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
