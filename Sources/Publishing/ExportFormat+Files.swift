// Publishing turns projections into files for the world (DESIGN §2): CSV, JSONL, ClaimReview
// JSON-LD, a static HTML site and an audit bundle, each tied to a signed checkpoint.
import Crypto
import Events

/// The SHA-256 of a published file, as recorded in `ExportGenerated`.
public enum PublishedFile {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        ContentDigest.sha256Hex(bytes)
    }
}
