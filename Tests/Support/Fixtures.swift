import Foundation

/// Paths shared by the test targets.
public enum Fixtures {
  /// The package root (the folder with Package.swift).
  public static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  public static let fixtures = packageRoot.appendingPathComponent("fixtures")

  /// `../shared/reference` beside the project, or nil where it is absent (a user's fresh clone):
  /// tests that need it are then skipped with a message.
  public static let sharedReference: URL? = {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    return FileManager.default.fileExists(atPath: url.appendingPathComponent("ubl-examples").path) ? url : nil
  }()

  public static var hasSharedReference: Bool { sharedReference != nil }

  /// Every `.xml`/`.XML` example document under shared/reference/ubl-examples (not the unit-test wrappers).
  public static func referenceExamples() -> [URL] {
    guard let root = sharedReference?.appendingPathComponent("ubl-examples") else { return [] }
    var result: [URL] = []
    let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension.lowercased() == "xml", !url.path.contains("/unit-tests/") { result.append(url) }
    }
    return result.sorted { $0.path < $1.path }
  }

  public static func bytes(_ url: URL) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: url))) ?? []
  }

  public static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Every file under a folder, as paths relative to it, sorted.
  public static func files(under folder: URL) -> [String] {
    var result: [String] = []
    let base = folder.standardizedFileURL.path
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
      if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
        result.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
      }
    }
    return result.sorted()
  }

  /// A fresh temporary folder for one test.
  public static func workdir() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("thinline-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The built `thinline` binary next to the test bundle.
  public static var binary: URL {
    packageRoot.appendingPathComponent(".build/debug/thinline")
  }
}

/// Runs the real binary and captures what a user sees.
public struct CommandResult {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

public func runThinline(
  _ arguments: [String], stdin: Data? = nil, cwd: URL? = nil, environment: [String: String] = [:]
) throws -> CommandResult {
  let process = Process()
  process.executableURL = Fixtures.binary
  process.arguments = arguments
  // Reproducible runs: the manifest's created_at comes from SOURCE_DATE_EPOCH.
  var env = ProcessInfo.processInfo.environment
  env["SOURCE_DATE_EPOCH"] = "1796169600"
  for (k, v) in environment { env[k] = v }
  process.environment = env
  if let cwd { process.currentDirectoryURL = cwd }
  let out = Pipe(), err = Pipe(), input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(stdin) }
  try input.fileHandleForWriting.close()
  // Read before waiting, so that a large output cannot fill the pipe and block the child.
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// A small deterministic generator (SplitMix64) so that property and crash tests repeat exactly.
public struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
