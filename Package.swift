// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "ddbaudit",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ddbaudit", targets: ["ddbaudit"]),
    .executable(name: "ddbaudit-samples", targets: ["ddbaudit-samples"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // C libraries, each seen by exactly one Swift module.
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

    // Owning Swift wrappers over the C libraries.
    .target(name: "DDBSQLite", dependencies: ["CSQLite"]),
    .target(name: "DDBGzip", dependencies: ["CZlib"]),
    .target(name: "DDBXLSX", dependencies: ["CXLSXWriter"]),

    // The engine: import, store, chain, query, report, retention. Never imports ArgumentParser.
    .target(
      name: "DDBAuditCore",
      dependencies: [
        "DDBSQLite", "DDBGzip", "DDBXLSX",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),

    // Commands: parse flags, call the core, print findings, choose the exit code.
    .target(
      name: "DDBAuditCLI",
      dependencies: [
        "DDBAuditCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "ddbaudit", dependencies: ["DDBAuditCLI"]),

    // Deterministic generator for Samples/, test fixtures and benchmarks.
    .target(name: "DDBAuditSamples", dependencies: ["DDBAuditCore", "DDBGzip"]),
    .executableTarget(name: "ddbaudit-samples", dependencies: ["DDBAuditSamples"]),

    // Fuzz targets over every parser of untrusted input (`make fuzz`); built normally, a replayer
    // of the committed corpus (Tests/Fixtures/fuzz), which the tests run.
    .executableTarget(name: "ddbaudit-fuzz", dependencies: ["DDBAuditCore"]),

    .target(name: "TestSupport", dependencies: ["DDBAuditCore", "DDBAuditSamples"], path: "Tests/TestSupport"),
    .testTarget(name: "DDBSQLiteTests", dependencies: ["DDBSQLite"]),
    .testTarget(name: "DDBGzipTests", dependencies: ["DDBGzip"]),
    .testTarget(name: "DDBXLSXTests", dependencies: ["DDBXLSX"]),
    .testTarget(
      name: "DDBAuditCoreTests",
      dependencies: ["DDBAuditCore", "DDBAuditSamples", "TestSupport", "DDBGzip", "DDBSQLite"]),
    .testTarget(
      name: "DDBAuditCLITests",
      dependencies: [
        "DDBAuditCLI", "TestSupport", "DDBAuditSamples", "DDBAuditCore", "DDBGzip", "DDBSQLite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
