// A file that breaks one layer rule, for tests/layers (never compiled).
#include <sqlite3.h>
