// Writing a folder of published files (the audit bundle; the site may use it too): the files
// are written into a staging folder beside the target, which is moved into place at the end,
// so a reader never sees half a bundle.
import Crypto
import Foundation

/// A folder being written beside its final path.
///
/// Guarantees: on `commit()` the folder holds exactly the files written, plus `SHA256SUMS`
/// (`sha256sum -c` format) listing each one; until then the target is untouched. An existing
/// target is replaced only when it is empty or holds `marker` (an earlier export of the same
/// kind); anything else is refused, so an export never deletes someone's files.
public final class ExportDirectory {
    /// The manifest's file name.
    public static let manifestName = "SHA256SUMS"

    /// The final path.
    public let path: String
    /// A file that marks a folder as an earlier export of this kind, such as `verify.py`.
    public let marker: String
    private let staging: String
    private var digests: [String: String] = [:]
    private var committed = false

    /// Starts a folder at `path`; fails with exit 73 when its parent is not writable, or
    /// `path` holds something other than an earlier export marked by `marker`.
    public init(path: String, marker: String) throws {
        let files = FileManager.default
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.path = trimmed
        self.marker = marker
        let parent = (trimmed as NSString).deletingLastPathComponent
        staging = (parent.isEmpty ? "" : parent + "/") + ".\((trimmed as NSString).lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
        try ExportDirectory.checkReplaceable(trimmed, marker: marker)
        try? files.removeItem(atPath: staging)
        do {
            try files.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw PublishingError.cannotWrite(path: path, detail: ExportDirectory.reason(error))
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Writes `bytes` as `name` (a relative path such as `proofs/v-1.json`); returns their SHA-256.
    @discardableResult
    public func write(_ bytes: [UInt8], as name: String) throws -> String {
        let target = staging + "/" + name
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PublishingError.cannotWrite(path: path + "/" + name, detail: ExportDirectory.reason(error))
        }
        let digest = try ExportFile.write(bytes, to: target)
        digests[name] = digest
        return digest
    }

    /// Writes `text` as `name`.
    @discardableResult
    public func write(_ text: String, as name: String) throws -> String { try write(Array(text.utf8), as: name) }

    /// Opens `name` for streaming; the caller commits it, then reports its digest with `record`.
    public func file(_ name: String) throws -> ExportFile { try ExportFile(path: staging + "/" + name) }

    /// Notes the digest of a file written through ``file(_:)``.
    public func record(_ name: String, sha256: String) { digests[name] = sha256 }

    /// The digest of each file written so far, by name.
    public var fileDigests: [String: String] { digests }

    /// Writes the manifest and moves the folder into place; returns the SHA-256 of the manifest,
    /// which stands for the whole folder in `ExportGenerated`.
    @discardableResult
    public func commit() throws -> String {
        let manifest = digests.sorted { $0.key < $1.key }.map { "\($0.value)  \($0.key)\n" }.joined()
        let digest = try ExportFile.write(Array(manifest.utf8), to: staging + "/" + ExportDirectory.manifestName)
        let files = FileManager.default
        try ExportDirectory.checkReplaceable(path, marker: marker)
        let retired = staging + ".old"
        do {
            if files.fileExists(atPath: path) { try files.moveItem(atPath: path, toPath: retired) }
            try files.moveItem(atPath: staging, toPath: path)
        } catch {
            if !files.fileExists(atPath: path), files.fileExists(atPath: retired) { try? files.moveItem(atPath: retired, toPath: path) }
            throw PublishingError.cannotWrite(path: path, detail: ExportDirectory.reason(error))
        }
        try? files.removeItem(atPath: retired)
        committed = true
        return digest
    }

    private static func checkReplaceable(_ path: String, marker: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw PublishingError.cannotWrite(path: path, detail: "it is a file; give a folder")
        }
        let contents = (try? files.contentsOfDirectory(atPath: path)) ?? []
        guard contents.isEmpty || contents.contains(marker) else { throw PublishingError.outputNotEmpty(path: path) }
    }

    private static func reason(_ error: any Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return (error as NSError).localizedDescription
    }
}
