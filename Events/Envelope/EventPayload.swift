// The contract every event type of the catalogue (DESIGN §4) fulfils.

/// The group an event type belongs to; it decides who must sign it.
public enum EventGroup: String, Sendable, CaseIterable {
    case ledger, people, registry, observation, review, publication

    /// Whether events of this group must carry their author's Ed25519 signature.
    ///
    /// Settings, people and judgments are signed by the person who made them; bulk
    /// observations and registry entries are covered by the ledger's signed checkpoints.
    public var requiresSignature: Bool {
        switch self {
        case .ledger, .people, .review: return true
        case .registry, .observation, .publication: return false
        }
    }
}

/// Something an event names that must already be in the log when it is appended.
public enum Reference: Sendable, Hashable, CustomStringConvertible {
    /// A stream that must hold at least one event; `noun` describes it, such as `claim c-7f3a9`.
    case stream(StreamName, noun: String)
    /// A name defined by an earlier event (see ``EventPayload/definedNames``), such as `verdict:v-1`.
    case name(String, noun: String)
    /// An earlier event, by id.
    case event(EventID)

    public var description: String {
        switch self {
        case .stream(_, let noun), .name(_, let noun): return noun
        case .event(let id): return "event \(id)"
        }
    }
}

/// A typed event payload: decoding with validation, encoding in a fixed field order,
/// and the facts the ledger needs to place it (stream, id, time, references).
public protocol EventPayload: Sendable {
    /// The catalogue name, such as `PostObserved`.
    static var typeName: String { get }
    /// The schema version this code writes. Older versions are upcast on read.
    static var currentSchemaVersion: Int { get }
    /// The group, which decides the signing rule.
    static var group: EventGroup { get }
    /// The `data` field names this version knows, for unknown-field warnings.
    static var knownFields: Set<String> { get }

    /// Decodes and validates `data` written at ``currentSchemaVersion``.
    init(fields: FieldReader) throws

    /// Rewrites `data` written at an older `version` into the current version's shape.
    /// Pure; the default returns `data` unchanged.
    static func upcast(_ data: JSONObject, from version: Int) throws -> JSONObject

    /// The payload as JSON, in its documented field order.
    func encoded() -> JSONObject

    /// The stream this event is appended to.
    var stream: StreamName { get }
    /// The natural key that makes an import idempotent (such as the post reference), or nil
    /// to derive the id from the content.
    var naturalKey: String? { get }
    /// The payload's own time (such as `posted_at`), used when `occurred_at` is not given.
    var intrinsicTime: Timestamp? { get }
    /// What must already exist in the log.
    var references: [Reference] { get }
    /// Names this event defines for later references, such as `verdict:v-1`.
    var definedNames: [String] { get }

    /// Hands this payload to `folder` when it is a ``PostObserved`` and returns true; returns
    /// false for any other type. A fold reads posts, most of any ledger, in place this way:
    /// taking one out of its existential with `as?` would copy it and retain its every string.
    func fold<Folder: PostObservedFolder>(into folder: inout Folder, of event: RecordedEvent) -> Bool
}

/// A fold that reads posts in place (see ``EventPayload/fold(into:of:)``).
public protocol PostObservedFolder {
    /// Folds `post`, the payload of `event`.
    mutating func fold(_ post: PostObserved, of event: RecordedEvent)
}

extension EventPayload {
    public static func upcast(_ data: JSONObject, from version: Int) throws -> JSONObject { data }
    public var naturalKey: String? { nil }
    public var intrinsicTime: Timestamp? { nil }
    public var references: [Reference] { [] }
    public var definedNames: [String] { [] }
    public func fold<Folder: PostObservedFolder>(into folder: inout Folder, of event: RecordedEvent) -> Bool { false }
    /// The catalogue name of this payload's type.
    public var typeName: String { Self.typeName }
}
