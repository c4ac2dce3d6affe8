// Fuzzes the CSV reader of posts (RFC 4180 with the documented header) through
// `ArchiveImporter` into a scratch ledger: a file is imported, or refused with exit 65.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ScratchLedger.shared.importFile(FuzzInput.bytes(data, size), format: .csv)
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
