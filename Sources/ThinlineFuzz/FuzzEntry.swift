import ThinlineCSV
import ThinlineCore
import ThinlineUBL

/// libFuzzer's entry: every input is read as UBL and as CSV; a reader may refuse it (that is a
/// clear error), but it must never crash, hang or trap. `make fuzz` builds this with
/// `-sanitize=fuzzer`; without it, the executable replays the files it is given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? UBLReader.read(bytes, source: "fuzz.xml")
  _ = try? CSVReader.read(bytes, source: "fuzz.csv", parallelAbove: Int.max)
  _ = try? CSVReader.read(bytes, source: "fuzz.csv", keepDocuments: false, parallelAbove: Int.max)
  return 0
}

#if FUZZING
  /// libFuzzer's driver (LLVM ≥ 11): SwiftPM names an executable's entry `<target>_main`.
  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
  ) -> CInt

  @_cdecl("ThinlineFuzz_main")
  public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
  }
#else
  import Foundation

  /// Replays inputs (crash reproducers, a corpus) through the same entry.
  @main struct Replay {
    static func main() {
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        let bytes = [UInt8](data)
        _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
        print("ok \(path)")
      }
    }
  }
#endif
