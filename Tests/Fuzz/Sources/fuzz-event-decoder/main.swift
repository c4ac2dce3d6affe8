// Fuzzes the decoders of stored events: `Leaf(bytes:)` (the leaf layout of DESIGN §3) and
// `EventEnvelope.decode(bodyBytes:)` with the typed payload decoders behind it. What they
// accept must re-encode to something they read back the same way.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Oracles.storedEvent(FuzzInput.bytes(data, size))
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
