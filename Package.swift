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

    // The application, one noun per module; each line says what the module is for and what it
    // may use (docs/architecture.md draws the graph). None of them imports ArgumentParser.

    // Values and rules, no I/O: attribute values, DynamoDB JSON, the canonical form and record
    // hash, timestamps, table profiles, findings and their codes, errors.
    .target(name: "DDBAuditModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
    // Files in and out: bounded input files and line readers (gzip), atomic output, the run lock,
    // and reading the JSON config files (profiles, table settings).
    .target(name: "DDBAuditFiles", dependencies: ["DDBAuditModel", "DDBGzip", .product(name: "Crypto", package: "swift-crypto")]),
    // The SQLite store: schema, migrations, imports written, snapshots read. The only user of DDBSQLite.
    .target(name: "DDBAuditStore", dependencies: ["DDBAuditModel", "DDBSQLite"]),
    // Every input format: detection, manifests and checksums, scan pages, streams, Data Pipeline, JSONL.
    .target(
      name: "DDBAuditImport",
      dependencies: ["DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBGzip", .product(name: "Crypto", package: "swift-crypto")]),
    // The checks that produce findings: verify (hash chains, successive imports), retention, settings.
    .target(name: "DDBAuditChecks", dependencies: ["DDBAuditModel", "DDBAuditStore"]),
    // Report definitions, the runner, queries, and the CSV / XLSX / JSON writers. The only user of DDBXLSX.
    .target(
      name: "DDBAuditReports",
      dependencies: ["DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditChecks", "DDBXLSX", .product(name: "Crypto", package: "swift-crypto")]),
    // Signed checkpoints of a table's log, their files, and inclusion and consistency proofs.
    .target(
      name: "DDBAuditCheckpoints",
      dependencies: ["DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditChecks", .product(name: "Crypto", package: "swift-crypto")]),
    // The nightly job: import, verify, check, report and sign in one locked run from a config file.
    .target(
      name: "DDBAuditNightly",
      dependencies: ["DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditImport", "DDBAuditChecks", "DDBAuditReports", "DDBAuditCheckpoints"]),

    // Commands: parse flags, call the core, print findings, choose the exit code.
    .target(
      name: "DDBAuditCLI",
      dependencies: [
        "DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditImport", "DDBAuditChecks", "DDBAuditReports",
        "DDBAuditCheckpoints", "DDBAuditNightly",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "ddbaudit", dependencies: ["DDBAuditCLI"]),

    // Deterministic generator for Samples/, test fixtures and benchmarks.
    .target(name: "DDBAuditSamples", dependencies: ["DDBAuditModel", "DDBGzip", .product(name: "Crypto", package: "swift-crypto")]),
    .executableTarget(name: "ddbaudit-samples", dependencies: ["DDBAuditSamples"]),

    // Fuzz targets over every parser of untrusted input (`make fuzz`); built normally, a replayer
    // of the committed corpus (Tests/Fixtures/fuzz), which the tests run.
    .executableTarget(name: "ddbaudit-fuzz", dependencies: ["DDBAuditModel", "DDBAuditImport", "DDBAuditChecks", "DDBAuditCheckpoints"]),

    // ddbaudit with fault injection (a kill mid-import, a failure mid-report), for the tests only.
    .executableTarget(name: "ddbaudit-faulty", dependencies: ["DDBAuditCLI", "DDBAuditImport", "DDBAuditReports"], path: "Tests/FaultyCLI"),
    .target(
      name: "TestSupport", dependencies: ["DDBAuditCLI", "DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditImport", "DDBAuditChecks", "DDBAuditReports", "DDBAuditSamples", "DDBGzip"],
      path: "Tests/TestSupport"),
    .testTarget(name: "DDBSQLiteTests", dependencies: ["DDBSQLite"]),
    .testTarget(name: "DDBGzipTests", dependencies: ["DDBGzip"]),
    .testTarget(name: "DDBXLSXTests", dependencies: ["DDBXLSX"]),
    .testTarget(
      name: "DDBAuditEngineTests",
      dependencies: ["DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditImport", "DDBAuditChecks", "DDBAuditReports", "DDBAuditCheckpoints", "DDBAuditSamples", "TestSupport", "DDBGzip", "DDBSQLite"]),
    .testTarget(
      name: "DDBAuditCLITests",
      dependencies: [
        "DDBAuditCLI", "TestSupport", "DDBAuditSamples", "DDBAuditModel", "DDBAuditFiles", "DDBAuditStore", "DDBAuditImport", "DDBAuditChecks", "DDBAuditReports", "DDBAuditCheckpoints", "DDBAuditNightly",
        "DDBGzip", "DDBSQLite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
