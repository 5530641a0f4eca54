// The libFuzzer driver of Paperboy's fuzz targets (PaperboyFuzzTargets). Built by
// scripts/fuzz.sh with `-sanitize=fuzzer -DFUZZING`; the target comes from
// PAPERBOY_FUZZ_TARGET. Built normally (no FUZZING), it replays files instead:
// `paperboy-fuzz TARGET FILE...` runs the target on each file, for findings and corpora.
import Foundation
import PaperboyFuzzTargets

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

let target = ProcessInfo.processInfo.environment["PAPERBOY_FUZZ_TARGET"] ?? ""
guard FuzzTargets.names.contains(target) else {
    FileHandle.standardError.write(Data("set PAPERBOY_FUZZ_TARGET to one of \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
    exit(2)
}

// libFuzzer's own main expects this symbol; ours below calls the driver directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.run(target, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
#else
let arguments = CommandLine.arguments.dropFirst()
guard let target = arguments.first, FuzzTargets.names.contains(target) else {
    FileHandle.standardError.write(Data("usage: paperboy-fuzz TARGET FILE... (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8))
    exit(2)
}
for path in arguments.dropFirst() {
    FuzzTargets.run(target, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
}
print("\(arguments.count - 1) inputs ran through \(target) without a finding")
#endif
