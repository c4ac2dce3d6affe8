// Writing published files: a file appears whole or not at all, and its SHA-256 (what
// `ExportGenerated` records) is computed from the bytes as they are written.
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// A file being written beside its final path, renamed into place on `commit()`.
///
/// Guarantees: readers never see a partial file; the digest is of exactly the bytes written.
/// Cost: one buffered pass; memory is the 256 KiB buffer.
public final class ExportFile {
    /// The final path.
    public let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private var isOpen = true
    /// Bytes written so far.
    public private(set) var byteCount: Int64 = 0

    /// Starts writing `path`; fails with ``PublishingError/cannotWrite(path:detail:)`` (exit 73)
    /// when its folder is missing or not writable, or `path` is a folder.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw PublishingError.cannotWrite(path: path, detail: "it is a folder; give a file name")
        }
        let folder = (path as NSString).deletingLastPathComponent
        temporaryPath = (folder.isEmpty ? "" : folder + "/") + ".\((path as NSString).lastPathComponent).partial-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw PublishingError.cannotWrite(path: path, detail: ExportFile.errorText(errno))
        }
        buffer.reserveCapacity(1 << 18)
    }

    deinit {
        if isOpen { abort() }
    }

    /// Appends `bytes`.
    public func write(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 18 { try flush() }
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        byteCount += Int64(buffer.count)
        let written = buffer.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = systemWrite(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if count < 0 { if errno == EINTR { continue } else { return false } }
                offset += count
            }
            return true
        }
        buffer.removeAll(keepingCapacity: true)
        guard written else { throw PublishingError.cannotWrite(path: path, detail: ExportFile.errorText(errno)) }
    }

    /// Flushes, syncs and renames the file into place; returns the lowercase hex SHA-256 of its bytes.
    @discardableResult
    public func commit() throws -> String {
        do {
            try flush()
            guard fsync(descriptor) == 0 else { throw PublishingError.cannotWrite(path: path, detail: ExportFile.errorText(errno)) }
            close(descriptor)
            isOpen = false
            guard rename(temporaryPath, path) == 0 else {
                let detail = ExportFile.errorText(errno)
                unlink(temporaryPath)
                throw PublishingError.cannotWrite(path: path, detail: detail)
            }
        } catch {
            if isOpen { abort() }
            throw error
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Drops the partial file.
    public func abort() {
        guard isOpen else { return }
        close(descriptor)
        unlink(temporaryPath)
        isOpen = false
    }

    /// Writes `bytes` to `path` whole; returns their SHA-256.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) throws -> String {
        let file = try ExportFile(path: path)
        try file.write(bytes)
        return try file.commit()
    }

    /// Fails with ``PublishingError/cannotWrite(path:detail:)`` (exit 73) unless something could
    /// be written at `path`: an existing folder or file that is writable, or a new name in a
    /// writable folder. Lets a command refuse before it does any work.
    public static func checkWritable(_ path: String) throws {
        let files = FileManager.default
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if files.fileExists(atPath: trimmed) {
            guard access(trimmed, W_OK) == 0 else { throw PublishingError.cannotWrite(path: path, detail: errorText(errno)) }
            return
        }
        let parent = (trimmed as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PublishingError.cannotWrite(path: path, detail: "the folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else { throw PublishingError.cannotWrite(path: path, detail: "the folder \(folder) is not writable (\(errorText(errno)))") }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
