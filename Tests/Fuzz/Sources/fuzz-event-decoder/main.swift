// Fuzzes the decoders of stored events: `Leaf(bytes:)` (the leaf layout of DESIGN §3) and
// `EventEnvelope.decode(bodyBytes:)` with the typed payload decoders behind it. What they
// accept must re-encode to something they read back the same way. The same bytes, read as a
// post's data, must get one answer from the direct post reader and from the tree decoder.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    Oracles.storedEvent(bytes)
    Oracles.postDecodersAgree(bytes)
    return 0
}

#if FUZZING
FuzzInput.runLibFuzzer(fuzzTestOneInput)
#else
FuzzInput.replay(CommandLine.arguments, fuzzTestOneInput)
#endif
