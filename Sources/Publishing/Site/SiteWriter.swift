// Writes the static site to disk (DESIGN §2, Publishing) with a SHA256SUMS manifest, whose
// own SHA-256 is what `ExportGenerated` records for a site: one hash that pins every page.
import Events
import Foundation

/// The list of a site's files and their SHA-256, in `sha256sum` format.
public struct SiteManifest: Sendable, Equatable {
    /// The manifest's file name in the output folder.
    public static let fileName = "SHA256SUMS"

    /// Each file's path and lowercase hex SHA-256, sorted by path.
    public let files: [(path: String, sha256: String)]

    public static func == (lhs: SiteManifest, rhs: SiteManifest) -> Bool {
        lhs.files.elementsEqual(rhs.files) { $0.path == $1.path && $0.sha256 == $1.sha256 }
    }

    /// The manifest of `pages`.
    public init(_ pages: [SitePage]) {
        files = pages.map { ($0.path, ContentDigest.sha256Hex(Array($0.contents.utf8))) }.sorted { $0.path < $1.path }
    }

    /// `<sha256>  <path>` lines, which `sha256sum -c SHA256SUMS` checks.
    public var text: String { files.map { "\($0.sha256)  \($0.path)\n" }.joined() }

    /// The SHA-256 of ``text``: the `file_sha256` of the site's `ExportGenerated`.
    public var sha256: String { ContentDigest.sha256Hex(Array(text.utf8)) }
}

/// Writes a site's pages under an output folder.
///
/// Guarantees: nothing is written outside the folder. Every path is checked to be one or two
/// components of `a-z 0-9 . -` starting with a letter or digit; subfolders must be real
/// folders, not symbolic links; files are replaced atomically, which replaces a symbolic link
/// rather than writing through it. A folder that already holds files must hold the
/// `SHA256SUMS` of an earlier export; the files that manifest lists and the new site does not
/// are removed, so a page of a claim that no longer exists does not linger.
public enum SiteWriter {
    /// Writes `pages` and the manifest into `directory`, creating it if needed.
    @discardableResult
    public static func write(_ pages: [SitePage], to directory: String) throws -> SiteManifest {
        var seen: Set<String> = []
        for page in pages {
            guard isSafe(page.path), page.path != SiteManifest.fileName else { throw SiteError.unsafePath(page.path) }
            guard seen.insert(page.path).inserted else { throw SiteError.duplicatePath(page.path) }
        }
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let manifest = SiteManifest(pages)
        let previous = try previousFiles(in: root)
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            for folder in Set(pages.compactMap { $0.path.split(separator: "/").dropLast().first.map(String.init) }).sorted() {
                try makeRealFolder(root.appendingPathComponent(folder, isDirectory: true))
            }
            for stale in previous.subtracting(seen) where isSafe(stale) {
                try? manager.removeItem(at: root.appendingPathComponent(stale))
            }
            for page in pages {
                try Data(page.contents.utf8).write(to: root.appendingPathComponent(page.path), options: .atomic)
            }
            try Data(manifest.text.utf8).write(to: root.appendingPathComponent(SiteManifest.fileName), options: .atomic)
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError.cannotWrite(path: directory, detail: (error as NSError).localizedDescription)
        }
        return manifest
    }

    /// Whether `path` is one or two components of `a-z 0-9 . -`, each starting with a letter or digit.
    static func isSafe(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(components.count) else { return false }
        return components.allSatisfy { component in
            guard let first = component.unicodeScalars.first, component.unicodeScalars.count <= 120,
                  ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
            return component.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
        }
    }

    /// The files an earlier export listed, or none for a new or empty folder.
    private static func previousFiles(in root: URL) throws -> Set<String> {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw SiteError.cannotWrite(path: root.path, detail: "it exists and is not a folder") }
        let entries = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
        guard !entries.isEmpty else { return [] }
        guard let data = manager.contents(atPath: root.appendingPathComponent(SiteManifest.fileName).path) else {
            throw SiteError.notASiteFolder(path: root.path)
        }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            line.range(of: "  ").map { String(line[$0.upperBound...]) }
        })
    }

    private static func makeRealFolder(_ url: URL) throws {
        let manager = FileManager.default
        if let type = try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType {
            guard type == .typeDirectory else {
                throw SiteError.cannotWrite(path: url.path, detail: "it exists and is not a folder (a symbolic link is not followed)")
            }
            return
        }
        try manager.createDirectory(at: url, withIntermediateDirectories: false)
    }
}
