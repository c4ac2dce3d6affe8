// The SQLite schema of a ledger file. Columns beside `leaf` are indexes derived from the
// leaf bytes; `verify` checks that they agree (DESIGN §3, invariant 6).
import SQLite

/// Creates and checks the tables of a ledger file.
enum Schema {
    /// The value of `meta.format` in a ledger this code writes.
    static let format = "factledger/1"

    /// Interior Merkle nodes are stored only at levels that are multiples of this; the levels
    /// between are recomputed from at most 2^(stride-1)·2 stored hashes. It keeps storage near
    /// 2 bytes an event while a proof still costs a few dozen reads.
    static let storedNodeLevelStride = 4

    static let creation = """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        stream         TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        occurred_at    INTEGER NOT NULL,
        recorded_at    INTEGER NOT NULL,
        author         TEXT    NOT NULL,
        leaf           BLOB    NOT NULL,
        leaf_hash      BLOB    NOT NULL,
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
        BEGIN SELECT RAISE(ABORT, 'positions are gap-free: a new event takes the next position'); END;
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

    /// Sets the connection options every ledger connection uses.
    static func configure(_ connection: Connection, busyTimeoutMilliseconds: Int32, synchronous: String) throws {
        connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=\(synchronous == "NORMAL" ? "NORMAL" : "FULL")")
        try connection.execute("PRAGMA cache_size=-65536")
        // Statement journals go to a temp file: SQLite's in-memory journal measured twice as slow
        // for the savepoints of large batches.
        try connection.execute("PRAGMA temp_store=FILE")
    }
}
