// `export site` through the shared Publisher (issue 6): build the pages of the snapshot, write
// them with their SHA256SUMS, and record ExportGenerated with the manifest's SHA-256.
import Events

extension Publisher {
    /// Writes the static site of the snapshot into the folder `path` and records it.
    ///
    /// - Parameter asOf: what was asked for, such as `head` or `position 120`, shown beside the position.
    /// - Throws: ``PublishingError/outputNotEmpty(path:)`` when `path` holds files that are not an
    ///   earlier site, ``PublishingError/cannotWrite(path:detail:)`` when it cannot be written.
    public func site(to path: String, asOf: String) throws -> Outcome {
        let record = try SiteRecord.read(from: recorder.log, through: snapshot.position)
        let checkpoint = try recorder.checkpoint(size: snapshot.position)
        let pages = try SiteGenerator(snapshot: snapshot, site: record, asOf: asOf, checkpointNote: checkpoint.note).pages()
        let manifest: SiteManifest
        do {
            manifest = try SiteWriter.write(pages, to: path)
        } catch SiteError.notASiteFolder(let folder) {
            throw PublishingError.outputNotEmpty(path: folder)
        } catch let error as SiteError {
            throw PublishingError.cannotWrite(path: path, detail: error.description)
        }
        let count = { (folder: String) in pages.filter { $0.path.hasPrefix(folder + "/") }.count }
        return try recorded(.site, path: path, sha256: manifest.sha256, checkpoint: checkpoint, counts: [
            "files": pages.count + 1, "accounts": count("accounts"), "claims": count("claims"),
        ])
    }
}
