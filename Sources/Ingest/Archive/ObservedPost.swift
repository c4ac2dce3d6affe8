// What the archive readers (twarc2, CSV) hand to the shared archive importer: posts with their
// authors, record by record, or the reason a record cannot be read.
import Events

/// One post read from an archive, with its author, ready for the ledger.
public struct ObservedPost: Sendable {
    /// The post as it will be observed.
    public let observation: PostObserved
    /// The author's registration; appended only when the account is not yet in the ledger.
    public let authorRegistration: AccountRegistered
    /// When the archive read the engagement counts (twarc2 `__twarc.retrieved_at`); nil when it does not say.
    public let capturedAt: Timestamp?
    /// URLs whose domains may match a registered outlet: the linked URLs and, where the archive
    /// gives them, the pages they finally lead to (twarc2 `unwound_url`).
    public let outletURLs: [String]

    /// A post with its author's registration.
    public init(observation: PostObserved, authorRegistration: AccountRegistered, capturedAt: Timestamp? = nil, outletURLs: [String]? = nil) {
        self.observation = observation
        self.authorRegistration = authorRegistration
        self.capturedAt = capturedAt
        self.outletURLs = outletURLs ?? observation.linkedURLs
    }
}

/// Why one record of an archive cannot be imported: the field it names and what is wrong.
public struct RecordProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JSON path such as `data[0].created_at` or a CSV column such as `posted_at (column 4)`;
    /// nil when the whole record is unreadable, such as a line that is not JSON.
    public let field: String?
    /// What is wrong and what was expected.
    public let detail: String

    /// A problem with `field`, or with the whole record when `field` is nil.
    public init(field: String?, detail: String) {
        self.field = field
        self.detail = detail
    }

    /// `field: detail`, for the person at the terminal.
    public var description: String { field.map { "\($0): \(detail)" } ?? detail }
}

/// One record of an archive: a twarc2 line or a CSV row, with the line it starts on.
struct ArchiveRecord {
    /// The 1-based line where the record starts.
    let line: Int
    /// The posts the record holds, or why it cannot be read.
    let posts: Result<[ObservedPost], RecordProblem>
}

/// Reads an archive one record at a time, in constant memory where the format allows.
protocol ArchiveReader: AnyObject {
    /// The next record, or nil at the end of the file.
    func nextRecord() -> ArchiveRecord?
    /// Bytes consumed so far, for progress.
    var bytesRead: Int64 { get }
    /// The file's size in bytes.
    var totalBytes: Int64 { get }
}

/// How authors met in archives are registered until someone classifies them.
public enum ImportedAccount {
    /// The country of an account whose country is not known: `ZZ`.
    ///
    /// `AccountRegistered` requires an ISO 3166-1 alpha-2 code. ISO 3166-1 keeps `ZZ` among the
    /// user-assigned codes that it will never give to a country, and CLDR and Unicode use it for
    /// "unknown region", so it cannot be mistaken for a real country.
    public static let unknownCountry = "ZZ"

    /// The registration of an imported author: kind `other`, country ``unknownCountry``.
    ///
    /// The display name falls back to the handle when missing, and is cut to the 200 characters
    /// `AccountRegistered` allows.
    public static func registration(
        account: PlatformReference, displayName: String?, profileURL: String? = nil, platformUserID: String? = nil
    ) throws -> AccountRegistered {
        let trimmed = displayName?.trimmingWhitespace ?? ""
        let name = trimmed.isEmpty ? account.identifier : String(trimmed.prefix(200))
        return try AccountRegistered(
            account: account, displayName: name, kind: .other, country: unknownCountry,
            profileURL: profileURL.flatMap { WebURL.isValid($0) ? $0 : nil },
            platformUserID: platformUserID.flatMap { $0.isEmpty || $0.count > 64 ? nil : $0 })
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
