// swift-tools-version:6.0
// libFuzzer harnesses for FactLedger's parsers of untrusted input (issue 9), in their own
// package so the root package never builds them. See README.md for building and running.
import PackageDescription

let targets = ["fuzz-interchange", "fuzz-event-decoder", "fuzz-twarc2", "fuzz-csv", "fuzz-checkpoint"]

let package = Package(
    name: "FactLedgerFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "factledger", path: "../.."),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CLibFuzzer",
                .product(name: "Events", package: "factledger"),
                .product(name: "Ledger", package: "factledger"),
                .product(name: "Ingest", package: "factledger"),
            ]
        ),
    ] + targets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport"])
    }
)

for target in package.targets where target.name != "CLibFuzzer" {
    target.swiftSettings = [.enableUpcomingFeature("ExistentialAny")]
}
