import Foundation

// Built with `-DFUZZING -sanitize=fuzzer` (`make fuzz`), this is a libFuzzer target: libFuzzer
// supplies `main` and calls `LLVMFuzzerTestOneInput`, and $DDBAUDIT_FUZZ_TARGET names the
// parser. Built normally, it replays files through a target: `ddbaudit-fuzz decoder FILE…`,
// which the tests run over the committed corpus, so every input that ever crashed stays fixed.

#if FUZZING
  nonisolated(unsafe) let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["DDBAUDIT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      fatalError("set DDBAUDIT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
  }()

  @_cdecl("LLVMFuzzerTestOneInput")
  package func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzTarget.run(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
    return 0
  }

  /// libFuzzer's entry for programs that have a `main` of their own.
  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  /// SwiftPM links an executable's `main` as `<module>_main`; here it hands over to libFuzzer.
  @_cdecl("ddbaudit_fuzz_main")
  package func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { fuzzOneInput($0, $1) }
  }
#else
  @main
  enum Replay {
    static func main() {
      let arguments = Array(CommandLine.arguments.dropFirst())
      guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("usage: ddbaudit-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n".utf8))
        exit(64)
      }
      var count = 0
      for path in arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
          FileHandle.standardError.write(Data("ddbaudit-fuzz: cannot read \(path)\n".utf8))
          exit(2)
        }
        target.run([UInt8](data))
        count += 1
      }
      print("\(count) inputs replayed through \(name)")
    }
  }
#endif
