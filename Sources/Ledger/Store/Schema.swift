// The SQLite schema of a ledger file. A row holds an event's envelope as typed columns and its
// `data` bytes verbatim; the leaf bytes are rebuilt from them in the documented layout (see
// `EventRow` and `Leaf`), so the leaf hash covers every column (DESIGN §3, invariant 6).
import SQLite

/// Creates and checks the tables of a ledger file.
enum Schema {
    /// The value of `meta.format` in a ledger this code writes.
    static let format = "factledger/2"

    /// Interior Merkle nodes are stored only at levels that are multiples of this; the levels
    /// between are recomputed from at most 2^(stride-1)·2 stored hashes. It keeps storage near
    /// 2 bytes an event while a proof still costs a few dozen reads.
    static let storedNodeLevelStride = 4

    // The insert trigger raises FAIL, not ABORT, and appends use INSERT OR FAIL: a refused row is
    // refused before anything of it is written either way, and without a possible ABORT SQLite
    // keeps no statement journal, which cost an import 6 page writes an event (2.4 GB of temp
    // file for 100k events).
    static let creation = """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        id             BLOB    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        stream         TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        occurred_at    INTEGER NOT NULL,
        recorded_at    INTEGER NOT NULL,
        author         TEXT    NOT NULL,
        correlation_id TEXT,
        causation_id   TEXT,
        signature      BLOB,
        data           BLOB    NOT NULL,
        leaf_check     BLOB    NOT NULL,
        UNIQUE (stream, stream_version)
    );
    CREATE TABLE merkle_nodes (
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB    NOT NULL,
        PRIMARY KEY (level, idx)
    ) WITHOUT ROWID;
    CREATE TABLE names (
        name     TEXT    PRIMARY KEY,
        position INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE heads (
        size        INTEGER PRIMARY KEY,
        root        BLOB    NOT NULL,
        recorded_at INTEGER NOT NULL
    );
    CREATE TABLE checkpoints (
        size       INTEGER PRIMARY KEY,
        root       BLOB    NOT NULL,
        note       TEXT    NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;
    CREATE TRIGGER events_gap_free BEFORE INSERT ON events
        WHEN NEW.position IS NOT (SELECT IFNULL(MAX(position), 0) + 1 FROM events)
        BEGIN SELECT RAISE(FAIL, 'positions are gap-free: a new event takes the next position'); END;
    CREATE TRIGGER nodes_no_update BEFORE UPDATE ON merkle_nodes
        BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only'); END;
    CREATE TRIGGER nodes_no_delete BEFORE DELETE ON merkle_nodes
        BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only'); END;
    CREATE TRIGGER names_no_update BEFORE UPDATE ON names
        BEGIN SELECT RAISE(ABORT, 'names are append-only'); END;
    CREATE TRIGGER names_no_delete BEFORE DELETE ON names
        BEGIN SELECT RAISE(ABORT, 'names are append-only'); END;
    CREATE TRIGGER heads_no_update BEFORE UPDATE ON heads
        BEGIN SELECT RAISE(ABORT, 'heads are append-only'); END;
    CREATE TRIGGER heads_no_delete BEFORE DELETE ON heads
        BEGIN SELECT RAISE(ABORT, 'heads are append-only'); END;
    CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
    CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
    """

    /// The page size of a new ledger file. Rows of 400 to 700 bytes fill 8 KiB pages with less
    /// slack than 4 KiB ones, and a commit still writes only a few pages.
    static let pageSize = 8192

    /// Sets the connection options every ledger connection uses.
    static func configure(_ connection: Connection, busyTimeoutMilliseconds: Int32, synchronous: String) throws {
        connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=\(synchronous == "NORMAL" ? "NORMAL" : "FULL")")
        // 64 MiB, imports included: a million-event import measured as fast or faster than with
        // 256 MiB or 512 MiB (which spilled less to the WAL but paid for the memory: 8.8–10.4 s
        // and 99 MB of RSS, against 9.5–10.9 s and 312 MB), and it keeps an import's memory flat.
        try connection.execute("PRAGMA cache_size=-65536")
        // Statement journals go to a temp file: SQLite's in-memory journal measured twice as slow
        // for the savepoints of large batches.
        try connection.execute("PRAGMA temp_store=FILE")
    }
}
