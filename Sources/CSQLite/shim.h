#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
// The 64-bit binds take any length: one over SQLITE_LIMIT_LENGTH is SQLITE_TOOBIG, an error,
// where a 32-bit length could not even be formed.
static inline int ddb_sqlite3_bind_text_transient(sqlite3_stmt *s, int i, const char *t, sqlite3_uint64 n) {
  return sqlite3_bind_text64(s, i, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}
static inline int ddb_sqlite3_bind_text_static(sqlite3_stmt *s, int i, const char *t, sqlite3_uint64 n) {
  return sqlite3_bind_text64(s, i, t, n, SQLITE_STATIC, SQLITE_UTF8);
}
static inline int ddb_sqlite3_bind_blob_transient(sqlite3_stmt *s, int i, const void *b, sqlite3_uint64 n) {
  return sqlite3_bind_blob64(s, i, b, n, SQLITE_TRANSIENT);
}

// sqlite3_config is variadic; Swift cannot call it. Memory statistics take a global mutex on
// every allocation, and nothing here reads them: turn them off before SQLite initialises.
static inline int ddb_sqlite3_disable_memstatus(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
