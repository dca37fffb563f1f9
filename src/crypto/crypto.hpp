#pragma once
// Everything in spor::crypto, the project's only wrapper of libsodium.
// Including a narrower header (crypto/aead.hpp, ...) is preferred in
// library code; this one is for the app and tools.

#include "crypto/aead.hpp"
#include "crypto/box.hpp"
#include "crypto/bytes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/error.hpp"
#include "crypto/hash.hpp"
#include "crypto/init.hpp"
#include "crypto/kdf.hpp"
#include "crypto/keys.hpp"
#include "crypto/memory.hpp"
#include "crypto/random.hpp"
#include "crypto/secret_bytes.hpp"
#include "crypto/sign.hpp"
#include "crypto/stream.hpp"
