#pragma once

namespace spor::crypto {

// Initialises libsodium once per process (thread-safe; later calls are
// cheap). Throws CryptoError if libsodium cannot start, which means the
// system has no usable random source: the app must not go on.
// Every function in spor::crypto calls it itself, so calling it at start-up
// only moves that failure to a predictable place.
void init();

}  // namespace spor::crypto
