// A file that breaks one layer rule, for tests/layers (never compiled).
#include <tss2/tss2_esys.h>
