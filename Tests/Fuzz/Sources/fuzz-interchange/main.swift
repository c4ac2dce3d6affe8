// Fuzzes the interchange format (DESIGN §4): each line through the JSON parser, format
// detection and InterchangeLine, then the whole input through `JSONLImporter` into a scratch
// ledger (signed by its admin, rolled back after each run).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let lines = FuzzInput.lines(bytes)
    for line in lines { Oracles.interchangeLine(line) }
    if lines.count <= 64 { ScratchLedger.shared.importFile(bytes, format: .jsonl) }
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
