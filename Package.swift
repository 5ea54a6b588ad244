// swift-tools-version: 6.0
// simulate: a negotiation-position simulator. Foundation and the toolchain only: no package
// dependencies, by design.

import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "simulate",
    products: [
        .executable(name: "simulate", targets: ["simulate"]),
        .library(name: "SimulateKit", targets: ["SimulateKit"]),
    ],
    targets: [
        .target(name: "SimulateKit", swiftSettings: settings),
        .executableTarget(name: "simulate", dependencies: ["SimulateKit"], swiftSettings: settings),
        .executableTarget(name: "simulate-bench", dependencies: ["SimulateKit"], swiftSettings: settings),
        .testTarget(
            name: "SimulateKitTests",
            dependencies: ["SimulateKit", "simulate"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
