// Fuzzes the twarc2 reader: each line through `Twarc2Line.posts(in:)` (paged, streamed and
// flat shapes), then the whole input through `ArchiveImporter` into a scratch ledger.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let lines = FuzzInput.lines(bytes)
    for line in lines { Oracles.twarc2Line(line) }
    if lines.count <= 64 { ScratchLedger.shared.importFile(bytes, format: .twarc2) }
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
