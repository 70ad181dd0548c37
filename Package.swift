// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "thinline",
  platforms: [.macOS(.v13)],
  products: [.executable(name: "thinline", targets: ["thinline"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
  ],
  targets: [
    // libxml2 through pkg-config; only ThinlineUBL imports it.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // Money, dates, the normalised document model, EN 16931 arithmetic. No I/O.
    .target(name: "ThinlineCore"),
    // Streaming UBL 2.1 reader and XSD validation (libxml2).
    .target(name: "ThinlineUBL", dependencies: ["ThinlineCore", "CLibXML2"]),
    // CSV dialect detection, decoding, billing-package profiles.
    .target(name: "ThinlineCSV", dependencies: ["ThinlineCore"]),
    // Bank statements: camt.053/052/054 (through ThinlineUBL's hardened XML reader) and MT940.
    .target(name: "ThinlineBank", dependencies: ["ThinlineCore", "ThinlineUBL", "ThinlineCSV"]),
    // Deterministic JSON and CSV encoders for Thinline's outputs.
    .target(name: "ThinlineWriters", dependencies: ["ThinlineCore"]),
    // The embedded SQLite ledger of the cron job; GRDB stays inside this target.
    .target(
      name: "ThinlineLedger",
      dependencies: [
        "ThinlineCore", .product(name: "GRDB", package: "GRDB.swift"),
        // SQLite's own C API, for the one bulk insert GRDB's argument boxing slowed (DecisionRows).
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // Files, folders, stdin/stdout: what the commands do, without argv.
    .target(
      name: "ThinlineRunner",
      dependencies: [
        "ThinlineCore", "ThinlineUBL", "ThinlineCSV", "ThinlineBank", "ThinlineWriters", "ThinlineLedger",
        .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      // The schemas each delivery carries (copies of schemas/, kept equal by a test).
      resources: [.embedInCode("Resources/handover.xsd"), .embedInCode("Resources/handover.schema.json")]
    ),
    .executableTarget(
      name: "thinline",
      dependencies: [
        "ThinlineRunner",
        .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // libFuzzer entry for the UBL and CSV readers (`make fuzz`); a replayer otherwise.
    .executableTarget(name: "ThinlineFuzz", dependencies: ["ThinlineUBL", "ThinlineCSV", "ThinlineCore"]),
    .target(name: "ThinlineTestSupport", dependencies: ["ThinlineCore"], path: "Tests/Support"),
    .testTarget(name: "ThinlineCoreTests", dependencies: ["ThinlineCore", "ThinlineTestSupport"]),
    .testTarget(name: "ThinlineUBLTests", dependencies: ["ThinlineUBL", "ThinlineRunner", "ThinlineTestSupport"]),
    .testTarget(name: "ThinlineCSVTests", dependencies: ["ThinlineCSV", "ThinlineTestSupport"]),
    .testTarget(name: "ThinlineBankTests", dependencies: ["ThinlineBank", "ThinlineWriters", "ThinlineTestSupport"]),
    .testTarget(name: "ThinlineEndToEndTests", dependencies: ["ThinlineRunner", "ThinlineLedger", "ThinlineUBL", "ThinlineTestSupport"]),
    .testTarget(
      name: "ThinlineLedgerTests",
      dependencies: ["ThinlineLedger", "ThinlineTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "ThinlineRunnerTests",
      dependencies: [
        "ThinlineRunner", "ThinlineLedger", "ThinlineWriters", "ThinlineTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "ThinlineWritersTests", dependencies: ["ThinlineWriters", "ThinlineTestSupport"]),
  ]
)
