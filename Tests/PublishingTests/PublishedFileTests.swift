import Publishing
import Testing

@Test("a published file's digest is the SHA-256 of its bytes")
func publishedFileDigest() {
    #expect(PublishedFile.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}
