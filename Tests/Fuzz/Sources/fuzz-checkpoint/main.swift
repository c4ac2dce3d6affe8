// Fuzzes what `verify --since` reads from a file someone hands over: the checkpoint body
// (C2SP tlog-checkpoint), the signed note around it, and a verifier key. What parses must
// print back to text that parses to the same value.
import FuzzSupport
import Ledger

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Oracles.checkpointText(String(decoding: FuzzInput.bytes(data, size), as: UTF8.self))
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
