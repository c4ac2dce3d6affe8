#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a process-wide mutex around every
/// allocation SQLite makes. `sqlite3_config` is variadic, which Swift cannot call, hence this
/// wrapper. It only works before the library is initialised (the first open); later it
/// returns SQLITE_MISUSE and changes nothing.
static inline int factledger_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
