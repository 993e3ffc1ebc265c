#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline int ddb_sqlite3_bind_text_transient(sqlite3_stmt *s, int i, const char *t, int n) {
  return sqlite3_bind_text(s, i, t, n, SQLITE_TRANSIENT);
}
static inline int ddb_sqlite3_bind_blob_transient(sqlite3_stmt *s, int i, const void *b, int n) {
  return sqlite3_bind_blob(s, i, b, n, SQLITE_TRANSIENT);
}

// sqlite3_config is variadic; Swift cannot call it. Memory statistics take a global mutex on
// every allocation, and nothing here reads them: turn them off before SQLite initialises.
static inline int ddb_sqlite3_disable_memstatus(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
