// Streams the lines of a file with their numbers, in constant memory.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a text file line by line.
///
/// Guarantees: lines come without their `\n` or `\r\n`; a UTF-8 byte-order mark on the first
/// line is dropped; a last line without a newline is still read. Cost: O(line) memory.
public final class LineReader: Sequence, IteratorProtocol {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// The file's size in bytes.
    public let totalBytes: Int64

    /// Opens `path`; throws ``ImportError/fileNotFound(path:)`` when it cannot be read.
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let opened = fopen(path, "rb") else {
            throw ImportError.fileNotFound(path: path)
        }
        file = opened
        totalBytes = Int64(info.st_size)
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    public func next() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        lineNumber += 1
        bytesRead += Int64(length)
        var count = length
        buffer.withMemoryRebound(to: UInt8.self, capacity: count) { pointer in
            if count > 0 && pointer[count - 1] == 0x0A { count -= 1 }
            if count > 0 && pointer[count - 1] == 0x0D { count -= 1 }
        }
        var start = 0
        let bytes = buffer.withMemoryRebound(to: UInt8.self, capacity: Swift.max(count, 1)) { pointer -> [UInt8] in
            if lineNumber == 1 && count >= 3 && pointer[0] == 0xEF && pointer[1] == 0xBB && pointer[2] == 0xBF { start = 3 }
            return Array(UnsafeBufferPointer(start: pointer + start, count: count - start))
        }
        return bytes
    }
}
