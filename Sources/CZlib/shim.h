#include <zlib.h>

// inflateInit2 / deflateInit2 are macros; Swift imports functions only.
static inline int ddb_inflateInit2(z_streamp strm, int windowBits) {
  return inflateInit2(strm, windowBits);
}
static inline int ddb_deflateInit2(z_streamp strm, int level, int windowBits) {
  return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
