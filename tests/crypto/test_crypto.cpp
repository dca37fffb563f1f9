// Tests for spor::crypto, the wrapper of libsodium. Error messages are part
// of the contract (CHECK_THROWS_WITH_AS), since the app shows them.
// Key derivation uses KdfParams::testFast() only, so the suite runs in well
// under a second.

#include "crypto/crypto.hpp"

// Lets CHECK_THROWS* take calls to [[nodiscard]] functions without warnings.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <algorithm>
#include <array>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

#if __has_include(<sys/resource.h>)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace spor::crypto;
using doctest::Contains;

namespace {

constexpr const char* kOpenFailed =
    "cannot decrypt: authentication failed, so the data was changed or damaged, or it belongs to "
    "another key or place (associated data); restore it from a good copy";
constexpr const char* kWrongPin =
    "wrong PIN or passphrase: the stored key could not be unlocked; check it and try again (if "
    "it is lost, the coordinator can restore access from the recovery copy)";
constexpr const char* kBoxOpenFailed =
    "cannot open the sealed box: it was changed or damaged, or it was sealed to a different key; "
    "check that the right recovery or coordinator key is loaded";
constexpr const char* kChunkFailed =
    "cannot decrypt: an encrypted chunk failed authentication, so the file was changed, damaged "
    "or reordered, or it was made for another key; get a fresh copy of the file";

Bytes flipBit(ByteView bytes, std::size_t index, unsigned bit = 0) {
  Bytes copy(bytes.begin(), bytes.end());
  copy.at(index) = static_cast<std::uint8_t>(copy.at(index) ^ (1u << bit));
  return copy;
}

Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Bytes bytesOf(std::string_view text) {
  const ByteView view = asBytes(text);
  return {view.begin(), view.end()};
}

// Associated data as the store builds it: table, row id, column, row version.
Bytes storeAd(std::string_view table, int row, std::string_view column, int version) {
  std::string ad(table);
  ad += '\0' + std::to_string(row) + '\0';
  ad += column;
  ad += '\0' + std::to_string(version);
  return bytesOf(ad);
}

}  // namespace

TEST_SUITE("crypto") {
  // ---------------------------------------------------------------- init, memory

  TEST_CASE("init succeeds and is idempotent and safe from several threads") {
    CHECK_NOTHROW(init());
    CHECK_NOTHROW(init());
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int i = 0; i < 4; ++i) threads.emplace_back([] { init(); });
    for (auto& t : threads) t.join();
  }

  TEST_CASE("constantTimeEqual and memzero") {
    const Bytes a{1, 2, 3};
    const Bytes b{1, 2, 3};
    const Bytes c{1, 2, 4};
    CHECK(constantTimeEqual(a, b));
    CHECK_FALSE(constantTimeEqual(a, c));
    CHECK_FALSE(constantTimeEqual(a, Bytes{1, 2}));
    CHECK(constantTimeEqual(Bytes{}, Bytes{}));

    Bytes plain{9, 9, 9, 9};
    memzero(plain);
    CHECK(plain == Bytes{0, 0, 0, 0});

    std::string pin = "1234";
    memzero(pin);
    CHECK(pin == std::string(4, '\0'));
  }

  TEST_CASE("disableCoreDumps turns core dumps off") {
    CHECK(disableCoreDumps());
#if __has_include(<sys/resource.h>)
    rlimit limit{};
    REQUIRE(getrlimit(RLIMIT_CORE, &limit) == 0);
    CHECK(limit.rlim_cur == 0);
#endif
  }

  // ---------------------------------------------------------------- SecretBytes

  TEST_CASE("SecretBytes: construction and access and constant-time equality") {
    static_assert(!std::is_copy_constructible_v<SecretBytes>);
    static_assert(!std::is_copy_assignable_v<SecretBytes>);
    static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
    static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);

    SUBCASE("empty by default") {
      const SecretBytes none;
      CHECK(none.empty());
      CHECK(none.size() == 0);
      CHECK(none.view().empty());
      CHECK(none.equals(SecretBytes()));
    }
    SUBCASE("sized buffer starts zeroed and is writable") {
      SecretBytes key(32);
      CHECK(key.size() == 32);
      CHECK(std::all_of(key.view().begin(), key.view().end(), [](auto b) { return b == 0; }));
      key.span()[0] = 7;
      key.data()[31] = 9;
      CHECK(key.view()[0] == 7);
      CHECK(key.view()[31] == 9);
    }
    SUBCASE("random buffers differ") {
      const SecretBytes a = SecretBytes::random(32);
      const SecretBytes b = SecretBytes::random(32);
      CHECK(a.size() == 32);
      CHECK_FALSE(a.equals(b));
    }
    SUBCASE("copyOf, clone and equals") {
      const Bytes raw{1, 2, 3, 4, 5};
      const SecretBytes a = SecretBytes::copyOf(raw);
      const SecretBytes b = a.clone();
      CHECK(a.equals(b));
      CHECK(a.equals(raw));
      CHECK(a.data() != b.data());
      CHECK_FALSE(a.equals(Bytes{1, 2, 3, 4, 6}));
      CHECK_FALSE(a.equals(Bytes{1, 2, 3, 4}));
    }
  }

  TEST_CASE("SecretBytes: move semantics") {
    SecretBytes a = SecretBytes::copyOf(Bytes{1, 2, 3});
    const std::uint8_t* where = a.data();

    SecretBytes b(std::move(a));
    CHECK(b.data() == where);  // the buffer moves, it is not copied
    CHECK(b.equals(Bytes{1, 2, 3}));
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move): moved-from state is specified
    CHECK(a.data() == nullptr);

    SecretBytes c = SecretBytes::random(8);
    c = std::move(b);
    CHECK(c.data() == where);
    CHECK(c.equals(Bytes{1, 2, 3}));
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move)

    std::vector<SecretBytes> keys;
    keys.push_back(std::move(c));
    keys.push_back(SecretBytes::random(4));
    CHECK(keys.front().equals(Bytes{1, 2, 3}));
  }

  // ---------------------------------------------------------------- random

  TEST_CASE("randomBytes and randomFill") {
    CHECK(randomBytes(0).empty());
    const Bytes a = randomBytes(32);
    const Bytes b = randomBytes(32);
    CHECK(a.size() == 32);
    CHECK(a != b);
    std::array<std::uint8_t, 16> buf{};
    randomFill(buf);
    CHECK(std::any_of(buf.begin(), buf.end(), [](auto x) { return x != 0; }));
  }

  TEST_CASE("randomUuid is a lower-case RFC 4122 version 4 UUID") {
    const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      const std::string id = randomUuid();
      CHECK(std::regex_match(id, shape));
      seen.insert(id);
    }
    CHECK(seen.size() == 200);
  }

  TEST_CASE("randomUint32 is in range and covers it") {
    CHECK(randomUint32(1) == 0);
    std::array<int, 10> counts{};
    for (int i = 0; i < 2000; ++i) {
      const std::uint32_t v = randomUint32(10);
      REQUIRE(v < 10);
      ++counts[v];
    }
    // Each value is expected 200 times; below 100 has probability < 1e-12.
    for (int count : counts) CHECK(count > 100);
    CHECK_THROWS_WITH_AS(randomUint32(0), "randomUint32: the upper bound must be at least 1 (got 0)", CryptoError);
  }

  // ---------------------------------------------------------------- hex, base64

  TEST_CASE("hex round trip and errors") {
    CHECK(hex(Bytes{0x00, 0xff, 0x10, 0xab}) == "00ff10ab");
    CHECK(hex(Bytes{}).empty());
    CHECK(fromHex("00ff10ab") == Bytes{0x00, 0xff, 0x10, 0xab});
    CHECK(fromHex("00FF10AB") == Bytes{0x00, 0xff, 0x10, 0xab});
    CHECK(fromHex("").empty());
    const Bytes random = randomBytes(33);
    CHECK(fromHex(hex(random)) == random);
    CHECK(secretFromHex("0102").equals(Bytes{1, 2}));

    CHECK_THROWS_WITH_AS(fromHex("abc"),
                         "invalid hex: 3 digits is an odd number; every byte needs two digits, so "
                         "the text is truncated or has a stray character",
                         EncodingError);
    CHECK_THROWS_WITH_AS(fromHex("00zz"),
                         "invalid hex: 'z' at position 2 is not a hex digit (0-9, a-f); check the "
                         "copied text",
                         EncodingError);
    CHECK_THROWS_WITH_AS(fromHex("0g"), Contains("'g' at position 1"), EncodingError);
    CHECK_THROWS_WITH_AS(fromHex("00 1"), Contains("a space at position 2"), EncodingError);
    CHECK_THROWS_WITH_AS(fromHex("0a\n1"), Contains("byte 0x0a at position 2"), EncodingError);
    CHECK_THROWS_WITH_AS(secretFromHex("x1"), Contains("'x' at position 0"), EncodingError);
    CHECK_THROWS_AS(fromHex("zz"), CryptoError);  // EncodingError is a CryptoError
  }

  TEST_CASE("base64 (standard with padding) round trip and errors") {
    // RFC 4648 section 10 test vectors.
    CHECK(toBase64(asBytes("")).empty());
    CHECK(toBase64(asBytes("f")) == "Zg==");
    CHECK(toBase64(asBytes("fo")) == "Zm8=");
    CHECK(toBase64(asBytes("foo")) == "Zm9v");
    CHECK(toBase64(asBytes("foobar")) == "Zm9vYmFy");
    CHECK(asString(fromBase64("Zg==")) == "f");
    CHECK(asString(fromBase64("Zm8=")) == "fo");
    CHECK(asString(fromBase64("Zm9vYmFy")) == "foobar");
    CHECK(fromBase64("").empty());
    CHECK(toBase64(Bytes{0xfb, 0xff}) == "+/8=");  // original alphabet, not URL-safe

    for (std::size_t n : {0u, 1u, 2u, 3u, 31u, 32u, 64u}) {
      const Bytes data = randomBytes(n);
      CHECK(fromBase64(toBase64(data)) == data);
      CHECK(secretFromBase64(toBase64(data)).equals(data));
    }

    CHECK_THROWS_WITH_AS(fromBase64("Zg="),
                         "invalid base64: length 3 is not a multiple of 4; padded standard base64 "
                         "is expected, so the text is truncated or has extra characters (trim "
                         "whitespace)",
                         EncodingError);
    CHECK_THROWS_WITH_AS(fromBase64("Zm9v\n"), Contains("length 5 is not a multiple of 4"), EncodingError);
    CHECK_THROWS_WITH_AS(fromBase64("Zm9v-_8A"),
                         "invalid base64: '-' at position 4 is not a base64 character (A-Z, a-z, "
                         "0-9, +, /, =)",
                         EncodingError);
    CHECK_THROWS_WITH_AS(fromBase64("Zm9="),
                         "invalid base64: bad padding or trailing bits; the text is damaged or is "
                         "URL-safe base64 rather than standard base64",
                         EncodingError);
    CHECK_THROWS_WITH_AS(fromBase64("Zg=="
                                    "Zg=="),
                         Contains("bad padding"), EncodingError);
    CHECK_THROWS_WITH_AS(secretFromBase64("Zm9v*AAA"), Contains("'*' at position 4"), EncodingError);
  }

  // ---------------------------------------------------------------- AEAD

  TEST_CASE("seal/open round trip") {
    const SecretBytes key = newKey();
    CHECK(key.size() == kKeyBytes);
    const Bytes ad = storeAd("child", 17, "nickname", 3);

    SUBCASE("text value") {
      const Bytes sealed = seal(key, asBytes("Sofie"), ad);
      CHECK(sealed.size() == 5 + kSealOverheadBytes);
      CHECK(asString(open(key, sealed, ad)) == "Sofie");
    }
    SUBCASE("empty value and empty associated data") {
      const Bytes sealed = seal(key, Bytes{}, Bytes{});
      CHECK(sealed.size() == kSealOverheadBytes);
      CHECK(open(key, sealed, Bytes{}).empty());
    }
    SUBCASE("a larger value") {
      const Bytes value = randomBytes(100000);
      CHECK(open(key, seal(key, value, ad), ad) == value);
    }
    SUBCASE("each seal uses a fresh nonce") {
      const Bytes a = seal(key, asBytes("same"), ad);
      const Bytes b = seal(key, asBytes("same"), ad);
      CHECK(a != b);
      CHECK(!std::equal(a.begin(), a.begin() + kSealNonceBytes, b.begin()));
    }
    SUBCASE("nonces come in batches but never repeat: across refills, threads and a fork") {
      std::set<Bytes> nonces;
      const auto nonceOf = [&](const Bytes& sealed) { return Bytes(sealed.begin(), sealed.begin() + kSealNonceBytes); };
      for (int i = 0; i < 1000; ++i) nonces.insert(nonceOf(seal(key, asBytes("x"), ad)));  // six refills
      std::vector<Bytes> fromThread;
      std::thread t([&] {
        for (int i = 0; i < 200; ++i) fromThread.push_back(nonceOf(seal(key, asBytes("x"), ad)));
      });
      t.join();
      nonces.insert(fromThread.begin(), fromThread.end());
      // A forked child must not take the nonces its parent is about to use.
      int pipeFds[2];
      REQUIRE(pipe(pipeFds) == 0);
      const pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        const Bytes n = nonceOf(seal(key, asBytes("x"), ad));
        const auto written = write(pipeFds[1], n.data(), n.size());
        _exit(written == static_cast<ssize_t>(n.size()) ? 0 : 1);
      }
      Bytes childNonce(kSealNonceBytes);
      REQUIRE(read(pipeFds[0], childNonce.data(), childNonce.size()) == static_cast<ssize_t>(kSealNonceBytes));
      int status = 0;
      waitpid(child, &status, 0);
      close(pipeFds[0]);
      close(pipeFds[1]);
      nonces.insert(childNonce);
      nonces.insert(nonceOf(seal(key, asBytes("x"), ad)));  // the parent's next one
      CHECK(nonces.size() == 1202);
    }
  }

  TEST_CASE("open rejects tampering and a wrong key or context") {
    const SecretBytes key = newKey();
    const Bytes ad = storeAd("answer", 5, "value", 1);
    const Bytes sealed = seal(key, asBytes("3"), ad);

    SUBCASE("changed nonce") {
      CHECK_THROWS_WITH_AS(open(key, flipBit(sealed, 0), ad), kOpenFailed, DecryptError);
    }
    SUBCASE("changed ciphertext") {
      CHECK_THROWS_WITH_AS(open(key, flipBit(sealed, kSealNonceBytes, 7), ad), kOpenFailed, DecryptError);
    }
    SUBCASE("changed tag") {
      CHECK_THROWS_WITH_AS(open(key, flipBit(sealed, sealed.size() - 1), ad), kOpenFailed, DecryptError);
    }
    SUBCASE("another row, column or version (associated data)") {
      CHECK_THROWS_WITH_AS(open(key, sealed, storeAd("answer", 6, "value", 1)), kOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(open(key, sealed, storeAd("answer", 5, "note", 1)), kOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(open(key, sealed, storeAd("answer", 5, "value", 0)), kOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(open(key, sealed, Bytes{}), kOpenFailed, DecryptError);
    }
    SUBCASE("another key") {
      CHECK_THROWS_WITH_AS(open(newKey(), sealed, ad), kOpenFailed, DecryptError);
    }
    SUBCASE("appended or removed bytes") {
      CHECK_THROWS_WITH_AS(open(key, concat(sealed, Bytes{0}), ad), kOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(open(key, ByteView(sealed).first(sealed.size() - 1), ad), kOpenFailed, DecryptError);
    }
    SUBCASE("too short to be a sealed value") {
      CHECK_THROWS_WITH_AS(open(key, ByteView(sealed).first(39), ad),
                           "cannot decrypt: the encrypted value is 39 bytes, shorter than the 40 "
                           "bytes of nonce and tag every one has; it is truncated or damaged",
                           DecryptError);
      CHECK_THROWS_AS(open(key, Bytes{}, ad), DecryptError);
    }
    SUBCASE("a key of the wrong size is misuse, not a decryption failure") {
      const SecretBytes shortKey = SecretBytes::random(16);
      CHECK_THROWS_WITH_AS(open(shortKey, sealed, ad),
                           "open: the key must be 32 bytes, got 16; use a key from newKey() or "
                           "deriveKey(), not a passphrase or a public key",
                           CryptoError);
      CHECK_THROWS_WITH_AS(seal(shortKey, asBytes("x"), ad), Contains("seal: the key must be 32 bytes, got 16"),
                           CryptoError);
      CHECK_THROWS_WITH_AS(seal(SecretBytes(), asBytes("x"), ad), Contains("must be 32 bytes, got 0"), CryptoError);
    }
  }

  // ---------------------------------------------------------------- key wrap

  TEST_CASE("wrapKey/unwrapKey with a PIN-derived key") {
    const Salt salt = newSalt();
    const KdfParams params = KdfParams::testFast();
    const SecretBytes kek = deriveKey("4711", salt, params);
    const SecretBytes dataKey = newKey();
    const Bytes ad = bytesOf("spor.vault.pin.v1 volunteer=7");

    const Bytes wrapped = wrapKey(kek, dataKey, ad);
    CHECK(wrapped.size() == kKeyBytes + kSealOverheadBytes);

    SUBCASE("right PIN unwraps the same key") {
      const SecretBytes again = deriveKey("4711", salt, params);
      CHECK(unwrapKey(again, wrapped, ad).equals(dataKey));
    }
    SUBCASE("wrong PIN") {
      const SecretBytes wrong = deriveKey("4712", salt, params);
      CHECK_THROWS_WITH_AS(unwrapKey(wrong, wrapped, ad), kWrongPin, DecryptError);
    }
    SUBCASE("another volunteer's slot (associated data)") {
      CHECK_THROWS_WITH_AS(unwrapKey(kek, wrapped, bytesOf("spor.vault.pin.v1 volunteer=8")), kWrongPin, DecryptError);
    }
    SUBCASE("damaged wrapped key") {
      CHECK_THROWS_WITH_AS(unwrapKey(kek, flipBit(wrapped, 30), ad), kWrongPin, DecryptError);
      CHECK_THROWS_WITH_AS(unwrapKey(kek, ByteView(wrapped).first(10), ad),
                           Contains("cannot unlock the key: the encrypted value is 10 bytes"), DecryptError);
    }
    SUBCASE("a wrapped key and a sealed value cannot stand in for each other") {
      CHECK_THROWS_WITH_AS(open(kek, wrapped, ad), kOpenFailed, DecryptError);
      const Bytes sealed = seal(kek, dataKey.view(), ad);
      CHECK_THROWS_WITH_AS(unwrapKey(kek, sealed, ad), kWrongPin, DecryptError);
    }
    SUBCASE("misuse") {
      CHECK_THROWS_WITH_AS(wrapKey(kek, SecretBytes(), ad), "wrapKey: the key to wrap is empty", CryptoError);
      CHECK_THROWS_WITH_AS(wrapKey(SecretBytes::random(8), dataKey, ad),
                           Contains("wrapKey: the key-encryption key must be 32 bytes, got 8"), CryptoError);
    }
  }

  // ---------------------------------------------------------------- key derivation

  TEST_CASE("deriveKey is deterministic and depends on every input") {
    const KdfParams fast = KdfParams::testFast();
    const Salt salt = newSalt();
    const SecretBytes key = deriveKey("correct horse", salt, fast);
    CHECK(key.size() == kKeyBytes);
    CHECK(deriveKey("correct horse", salt, fast).equals(key));

    const SecretBytes pinInSecureMemory = SecretBytes::copyOf(asBytes("correct horse"));
    CHECK(deriveKey(pinInSecureMemory, salt, fast).equals(key));

    CHECK_FALSE(deriveKey("correct horsf", salt, fast).equals(key));
    CHECK_FALSE(deriveKey("correct horse", newSalt(), fast).equals(key));
    CHECK_FALSE(deriveKey("correct horse", salt, {2, fast.memLimitBytes}).equals(key));
    CHECK_FALSE(deriveKey("correct horse", salt, {1, 2 * fast.memLimitBytes}).equals(key));
    CHECK_NOTHROW(deriveKey("", salt, fast));  // policy on empty PINs is the vault's
  }

  TEST_CASE("deriveKey: salts and parameters and errors") {
    CHECK(newSalt() != newSalt());
    CHECK(newSalt().size() == kSaltBytes);

    constexpr KdfParams interactive = KdfParams::interactiveDefault();
    CHECK(interactive.memLimitBytes == 64 * kMiB);
    CHECK(interactive.opsLimit >= 2);
    CHECK(KdfParams::testFast() == KdfParams{1, 8192});

    const Salt salt = newSalt();
    CHECK_THROWS_WITH_AS(deriveKey("1234", Bytes(8), KdfParams::testFast()),
                         "deriveKey: the salt must be 16 bytes, got 8; use the salt stored with "
                         "the key (made by newSalt())",
                         CryptoError);
    CHECK_THROWS_WITH_AS(deriveKey("1234", salt, {0, 64 * kMiB}),
                         "invalid key-derivation parameters (opsLimit 0, memory 64 MiB): they are "
                         "outside what Argon2id allows on this system; the stored parameters are "
                         "damaged or come from a different kind of device",
                         CryptoError);
    CHECK_THROWS_WITH_AS(deriveKey("1234", salt, {1, 100}), Contains("(opsLimit 1, memory 100 bytes)"), CryptoError);
  }

  TEST_CASE("calibrateKdf keeps the memory and picks at least one pass") {
    // Tiny memory and target so the test is fast; the real call uses 64 MiB.
    const KdfParams params = calibrateKdf(0.005, 64 * std::uint64_t{1024});
    CHECK(params.memLimitBytes == 64 * std::uint64_t{1024});
    CHECK(params.opsLimit >= 1);
    CHECK_NOTHROW(deriveKey("1234", newSalt(), params));

    CHECK_THROWS_WITH_AS(calibrateKdf(0.0, 64 * std::uint64_t{1024}),
                         "calibrateKdf: the target time must be a positive number of seconds", CryptoError);
    CHECK_THROWS_AS(calibrateKdf(0.1, 100), CryptoError);
  }

  // ---------------------------------------------------------------- signatures

  TEST_CASE("Ed25519 sign and verify") {
    const SigningKeyPair device = generateSigningKey();
    CHECK(device.secretKey.size() == kSignSecretKeyBytes);
    const Bytes message = bytesOf("bundle header: device 3, sequence 12");
    const Signature signature = sign(device.secretKey, message);

    CHECK(verify(device.publicKey, message, signature));
    CHECK(sign(device.secretKey, message) == signature);  // Ed25519 is deterministic

    SUBCASE("any flipped bit in the message fails") {
      for (std::size_t i = 0; i < message.size(); i += 5) {
        CHECK_FALSE(verify(device.publicKey, flipBit(message, i, 3), signature));
      }
      CHECK_FALSE(verify(device.publicKey, concat(message, Bytes{0}), signature));
      CHECK_FALSE(verify(device.publicKey, Bytes{}, signature));
    }
    SUBCASE("any flipped bit in the signature fails") {
      for (std::size_t i = 0; i < kSignatureBytes; ++i) {
        CHECK_FALSE(verify(device.publicKey, message, flipBit(signature, i, i % 8)));
      }
    }
    SUBCASE("a flipped bit in the public key fails") {
      SignPublicKey other = device.publicKey;
      other.bytes[0] ^= 1;
      CHECK_FALSE(verify(other, message, signature));
    }
    SUBCASE("another key fails") {
      CHECK_FALSE(verify(generateSigningKey().publicKey, message, signature));
    }
    SUBCASE("a signature of the wrong size is just invalid") {
      CHECK_FALSE(verify(device.publicKey, message, ByteView(signature).first(63)));
      CHECK_FALSE(verify(device.publicKey, message, concat(signature, Bytes{0})));
      CHECK_FALSE(verify(device.publicKey, message, Bytes{}));
    }
    SUBCASE("signing with the wrong kind of key is refused") {
      CHECK_THROWS_WITH_AS(sign(SecretBytes::random(32), message),
                           "sign: the secret key must be 64 bytes, got 32; use the secretKey of a "
                           "SigningKeyPair, not a seed or another kind of key",
                           CryptoError);
    }
  }

  TEST_CASE("Ed25519 from a seed matches RFC 8032 test 1") {
    const Bytes seed = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const SigningKeyPair pair = signingKeyFromSeed(seed);
    CHECK(hex(pair.publicKey.view()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    CHECK(hex(sign(pair.secretKey, Bytes{})) ==
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
          "1cf9b46bd25bf5f0595bbe24655141438e7a100b");
    CHECK(signingKeyFromSeed(seed).secretKey.equals(pair.secretKey));
    CHECK_THROWS_WITH_AS(signingKeyFromSeed(Bytes(31)), "signingKeyFromSeed: the seed must be 32 bytes, got 31",
                         CryptoError);
  }

  TEST_CASE("signingKeyFromSecret restores a stored key and detects damage") {
    const SigningKeyPair original = generateSigningKey();
    const SigningKeyPair restored = signingKeyFromSecret(original.secretKey.clone());
    CHECK(restored.publicKey == original.publicKey);
    CHECK(restored.secretKey.equals(original.secretKey));

    SecretBytes damaged = original.secretKey.clone();
    damaged.data()[40] ^= 0x10;  // in the public half
    CHECK_THROWS_WITH_AS(signingKeyFromSecret(std::move(damaged)),
                         "the stored signing key is damaged (its public half does not match its "
                         "seed); restore the store from a backup ('spor restore', docs/COORDINATOR.md) or re-enrol the device",
                         CryptoError);
    CHECK_THROWS_AS(signingKeyFromSecret(SecretBytes::random(32)), CryptoError);
  }

  TEST_CASE("public key types check sizes") {
    const SigningKeyPair pair = generateSigningKey();
    CHECK(SignPublicKey::fromBytes(pair.publicKey.view()) == pair.publicKey);
    CHECK(SignPublicKey::fromBytes(fromBase64(toBase64(pair.publicKey.view()))) == pair.publicKey);
    CHECK_THROWS_WITH_AS(SignPublicKey::fromBytes(Bytes(31)),
                         "an Ed25519 signing public key must be 32 bytes, got 31; the key field is "
                         "damaged or holds another kind of key",
                         CryptoError);
    CHECK_THROWS_WITH_AS(BoxPublicKey::fromBytes(Bytes(64)),
                         Contains("an X25519 encryption public key must be 32 bytes, got 64"), CryptoError);
  }

  // ---------------------------------------------------------------- sealed boxes

  TEST_CASE("sealed box to the coordinator's recovery key") {
    const BoxKeyPair recovery = generateBoxKey();
    CHECK(recovery.secretKey.size() == kBoxSecretKeyBytes);
    const SecretBytes dataKey = newKey();

    const Bytes sealed = sealTo(recovery.publicKey, dataKey.view());
    CHECK(sealed.size() == kKeyBytes + kSealedBoxOverheadBytes);
    CHECK(sealTo(recovery.publicKey, dataKey.view()) != sealed);  // ephemeral key each time

    CHECK(openSealedKey(recovery, sealed).equals(dataKey));
    CHECK(openSealed(recovery, sealed) == Bytes(dataKey.view().begin(), dataKey.view().end()));
    CHECK(openSealed(recovery, sealTo(recovery.publicKey, Bytes{})).empty());

    SUBCASE("wrong recipient") {
      CHECK_THROWS_WITH_AS(openSealed(generateBoxKey(), sealed), kBoxOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(openSealedKey(generateBoxKey(), sealed), kBoxOpenFailed, DecryptError);
    }
    SUBCASE("tampered") {
      CHECK_THROWS_WITH_AS(openSealed(recovery, flipBit(sealed, 0)), kBoxOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(openSealed(recovery, flipBit(sealed, 40)), kBoxOpenFailed, DecryptError);
      CHECK_THROWS_WITH_AS(openSealed(recovery, flipBit(sealed, sealed.size() - 1)), kBoxOpenFailed, DecryptError);
    }
    SUBCASE("truncated") {
      CHECK_THROWS_WITH_AS(openSealed(recovery, ByteView(sealed).first(47)),
                           "cannot open the sealed box: it is 47 bytes, shorter than the 48 bytes "
                           "every one has; it is truncated or damaged",
                           DecryptError);
    }
    SUBCASE("an all-zero public key is refused") {
      CHECK_THROWS_WITH_AS(sealTo(BoxPublicKey{}, asBytes("x")),
                           "cannot encrypt to this public key: it is not a valid X25519 key; check "
                           "the coordinator's key file",
                           CryptoError);
    }
  }

  TEST_CASE("box keys from a seed and from a stored secret") {
    const Bytes seed = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const BoxKeyPair a = boxKeyFromSeed(seed);
    const BoxKeyPair b = boxKeyFromSeed(seed);
    CHECK(a.publicKey == b.publicKey);
    CHECK(a.secretKey.equals(b.secretKey));
    CHECK_FALSE(boxKeyFromSeed(flipBit(seed, 0)).publicKey == a.publicKey);

    const BoxKeyPair restored = boxKeyFromSecret(a.secretKey.clone());
    CHECK(restored.publicKey == a.publicKey);
    CHECK(openSealed(restored, sealTo(a.publicKey, asBytes("hi"))) == bytesOf("hi"));

    CHECK_THROWS_WITH_AS(boxKeyFromSeed(Bytes(16)), "boxKeyFromSeed: the seed must be 32 bytes, got 16", CryptoError);
    CHECK_THROWS_WITH_AS(boxKeyFromSecret(SecretBytes::random(64)),
                         Contains("boxKeyFromSecret: the secret key must be 32 bytes, got 64"), CryptoError);
  }

  // ---------------------------------------------------------------- hashing

  TEST_CASE("BLAKE2b known answers") {
    CHECK(hex(hash(Bytes{})) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    CHECK(hex(hash(asBytes("abc"), 64)) ==
          "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de"
          "4533cc9518d38aa8dbf1925ab92386edd4009923");
    Bytes keyBytes(32);
    for (std::size_t i = 0; i < keyBytes.size(); ++i) keyBytes[i] = static_cast<std::uint8_t>(i);
    const SecretBytes key = SecretBytes::copyOf(keyBytes);
    CHECK(hex(keyedHash(key, asBytes("abc"))) == "d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f");
  }

  TEST_CASE("hash lengths and keyed hashing and their errors") {
    const Bytes data = bytesOf("child code K-0042");
    CHECK(hash(data).size() == kHashBytes);
    CHECK(hash(data, 16).size() == 16);
    CHECK(hash(data, 64).size() == 64);
    CHECK(hash(data) == hash(data));
    CHECK(hash(data) != hash(flipBit(data, 0)));

    const SecretBytes key1 = SecretBytes::random(32);
    const SecretBytes key2 = SecretBytes::random(32);
    CHECK(keyedHash(key1, data) == keyedHash(key1, data));
    CHECK(keyedHash(key1, data) != keyedHash(key2, data));
    CHECK(keyedHash(key1, data) != hash(data));

    CHECK_THROWS_WITH_AS(hash(data, 15), "hash: the output length must be 16 to 64 bytes, got 15", CryptoError);
    CHECK_THROWS_WITH_AS(hash(data, 65), Contains("got 65"), CryptoError);
    CHECK_THROWS_WITH_AS(keyedHash(SecretBytes::random(8), data), "keyed hash: the key must be 16 to 64 bytes, got 8",
                         CryptoError);
  }

  TEST_CASE("Hasher matches one-shot hashing") {
    const Bytes data = randomBytes(1000);
    const ByteView view(data);

    Hasher plain;
    plain.update(view.first(1)).update(view.subspan(1, 500)).update(Bytes{}).update(view.subspan(501));
    CHECK(plain.final() == hash(data));

    Hasher longer(64);
    longer.update(data);
    CHECK(longer.final() == hash(data, 64));

    const SecretBytes key = SecretBytes::random(32);
    Hasher keyed(key);
    keyed.update(view.first(10)).update(view.subspan(10));
    CHECK(keyed.final() == keyedHash(key, data));

    SUBCASE("moved Hasher carries on") {
      Hasher first;
      first.update(view.first(100));
      Hasher second(std::move(first));
      second.update(view.subspan(100));
      CHECK(second.final() == hash(data));
      Hasher third;
      third = std::move(second);
      CHECK_THROWS_AS(third.update(data), CryptoError);  // `second` had finished
    }
    SUBCASE("use after final is refused") {
      Hasher h;
      h.update(data);
      static_cast<void>(h.final());
      CHECK_THROWS_WITH_AS(h.update(data), "Hasher::update after final(): start a new Hasher", CryptoError);
      CHECK_THROWS_WITH_AS(h.final(), "Hasher::final called twice: start a new Hasher", CryptoError);
    }
    SUBCASE("bad lengths") {
      CHECK_THROWS_AS(Hasher(8), CryptoError);
      CHECK_THROWS_AS(Hasher(SecretBytes::random(8)), CryptoError);
    }
  }

  TEST_CASE("fingerprints are grouped hex and stable and distinct per key and kind") {
    const std::regex shape("^[0-9a-f]{4}(-[0-9a-f]{4}){7}$");
    const SigningKeyPair signer = generateSigningKey();
    const std::string fp = fingerprint(signer.publicKey);
    CHECK(std::regex_match(fp, shape));
    CHECK(fingerprint(signer.publicKey) == fp);
    CHECK(fingerprint(generateSigningKey().publicKey) != fp);

    // The same 32 bytes as the other kind of key give another fingerprint.
    const BoxPublicKey sameBytes = BoxPublicKey::fromBytes(signer.publicKey.view());
    CHECK(fingerprint(sameBytes) != fp);
    CHECK(std::regex_match(fingerprint(generateBoxKey().publicKey), shape));

    // Pinned, so a change of the scheme is noticed (fingerprints are shown to people).
    const Bytes expected = hash(concat(asBytes("spor key fingerprint v1 ed25519"), signer.publicKey.view()));
    std::string digits = hex(ByteView(expected).first(16));
    for (std::size_t i = 4; i < digits.size(); i += 5) digits.insert(i, "-");
    CHECK(fp == digits);
  }

  // ---------------------------------------------------------------- streams

  namespace {

  struct EncryptedStream {
    StreamHeader header{};
    std::vector<Bytes> chunks;
  };

  EncryptedStream encrypt(const SecretBytes& key, const std::vector<Bytes>& plain, ByteView ad) {
    StreamEncryptor encryptor(key);
    EncryptedStream out;
    out.header = encryptor.header();
    for (std::size_t i = 0; i < plain.size(); ++i) {
      out.chunks.push_back(encryptor.push(plain[i], ad, i + 1 == plain.size()));
    }
    CHECK(encryptor.finished());
    return out;
  }

  }  // namespace

  TEST_CASE("key agreement for a bundle: sender and recipient get the same session key") {
    const BoxKeyPair coordinator = generateBoxKey();
    const SenderSessionKey sender = senderSessionKey(coordinator.publicKey);
    CHECK(sender.key.size() == kStreamKeyBytes);
    CHECK(recipientSessionKey(coordinator, sender.ephemeralPublicKey).equals(sender.key));

    const SenderSessionKey another = senderSessionKey(coordinator.publicKey);
    CHECK_FALSE(another.ephemeralPublicKey == sender.ephemeralPublicKey);
    CHECK_FALSE(another.key.equals(sender.key));

    CHECK_FALSE(recipientSessionKey(generateBoxKey(), sender.ephemeralPublicKey).equals(sender.key));

    CHECK_THROWS_WITH_AS(senderSessionKey(BoxPublicKey{}), Contains("cannot encrypt to this public key"), CryptoError);
    CHECK_THROWS_WITH_AS(recipientSessionKey(coordinator, BoxPublicKey{}),
                         "cannot decrypt: the sender's key in the file header is invalid; the file "
                         "is damaged or forged",
                         DecryptError);
  }

  TEST_CASE("stream round trip as a bundle uses it") {
    const BoxKeyPair coordinator = generateBoxKey();
    const SenderSessionKey session = senderSessionKey(coordinator.publicKey);
    // The sync format authenticates the file header with every chunk.
    const Bytes headerHash = hash(asBytes("SPORBNDL v1 | device 3 | sequence 12"));

    const std::vector<Bytes> plain{randomBytes(1000), randomBytes(1), Bytes{}, randomBytes(4096)};
    const EncryptedStream stream = encrypt(session.key, plain, headerHash);
    for (std::size_t i = 0; i < plain.size(); ++i) {
      CHECK(stream.chunks[i].size() == streamChunkBytes(plain[i].size()));
    }

    const SecretBytes key = recipientSessionKey(coordinator, session.ephemeralPublicKey);
    StreamDecryptor decryptor(key, stream.header);
    for (std::size_t i = 0; i < plain.size(); ++i) {
      const StreamChunk chunk = decryptor.pull(stream.chunks[i], headerHash);
      CHECK(chunk.plaintext == plain[i]);
      CHECK(chunk.isFinal == (i + 1 == plain.size()));
    }
    CHECK(decryptor.finished());
  }

  TEST_CASE("stream: an empty final chunk and a single-chunk stream") {
    const SecretBytes key = newKey();
    StreamEncryptor encryptor(key);
    const Bytes data = encryptor.push(asBytes("all of it"), Bytes{}, false);
    const Bytes end = encryptor.push(Bytes{}, Bytes{}, true);
    CHECK(end.size() == kStreamABytes);
    CHECK_THROWS_WITH_AS(static_cast<void>(encryptor.push(asBytes("more"), Bytes{}, false)),
                         "StreamEncryptor::push after the final chunk: a stream ends with exactly "
                         "one final chunk; start a new stream",
                         CryptoError);

    StreamDecryptor decryptor(key, encryptor.header());
    CHECK(asString(decryptor.pull(data, Bytes{}).plaintext) == "all of it");
    const StreamChunk last = decryptor.pull(end, Bytes{});
    CHECK(last.plaintext.empty());
    CHECK(last.isFinal);

    const EncryptedStream one = encrypt(key, {bytesOf("only")}, Bytes{});
    StreamDecryptor single(key, one.header);
    CHECK(single.pull(one.chunks[0], Bytes{}).isFinal);
  }

  TEST_CASE("stream: truncation and reordering and tampering and wrong context are detected") {
    const SecretBytes key = newKey();
    const Bytes ad = hash(asBytes("file header"));
    const std::vector<Bytes> plain{bytesOf("one"), bytesOf("two"), bytesOf("three")};
    const EncryptedStream stream = encrypt(key, plain, ad);

    SUBCASE("missing final chunk: every chunk decrypts, none is final") {
      StreamDecryptor decryptor(key, stream.header);
      CHECK_FALSE(decryptor.pull(stream.chunks[0], ad).isFinal);
      CHECK_FALSE(decryptor.pull(stream.chunks[1], ad).isFinal);
      CHECK_FALSE(decryptor.finished());  // the reader must report the file as truncated
    }
    SUBCASE("missing middle chunk") {
      StreamDecryptor decryptor(key, stream.header);
      static_cast<void>(decryptor.pull(stream.chunks[0], ad));
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[2], ad), kChunkFailed, DecryptError);
    }
    SUBCASE("chunks swapped") {
      StreamDecryptor decryptor(key, stream.header);
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[1], ad), kChunkFailed, DecryptError);
    }
    SUBCASE("chunk repeated") {
      StreamDecryptor decryptor(key, stream.header);
      static_cast<void>(decryptor.pull(stream.chunks[0], ad));
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[0], ad), kChunkFailed, DecryptError);
    }
    SUBCASE("flipped bit in a chunk") {
      StreamDecryptor decryptor(key, stream.header);
      static_cast<void>(decryptor.pull(stream.chunks[0], ad));
      for (std::size_t i : {std::size_t{0}, std::size_t{1}, stream.chunks[1].size() - 1}) {
        StreamDecryptor fresh(key, stream.header);
        static_cast<void>(fresh.pull(stream.chunks[0], ad));
        CHECK_THROWS_WITH_AS(fresh.pull(flipBit(stream.chunks[1], i), ad), kChunkFailed, DecryptError);
      }
    }
    SUBCASE("flipped bit in the header") {
      StreamDecryptor decryptor(key, flipBit(stream.header, 5));
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[0], ad), kChunkFailed, DecryptError);
    }
    SUBCASE("wrong associated data (another file header)") {
      StreamDecryptor decryptor(key, stream.header);
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[0], hash(asBytes("other header"))), kChunkFailed, DecryptError);
    }
    SUBCASE("wrong key") {
      StreamDecryptor decryptor(newKey(), stream.header);
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[0], ad), kChunkFailed, DecryptError);
    }
    SUBCASE("data after the final chunk") {
      StreamDecryptor decryptor(key, stream.header);
      for (const Bytes& chunk : stream.chunks) static_cast<void>(decryptor.pull(chunk, ad));
      CHECK(decryptor.finished());
      CHECK_THROWS_WITH_AS(decryptor.pull(stream.chunks[2], ad),
                           "cannot decrypt: there is data after the final chunk of the encrypted "
                           "stream; the file was changed or has extra bytes appended",
                           DecryptError);
    }
    SUBCASE("a chunk too short to be one") {
      StreamDecryptor decryptor(key, stream.header);
      CHECK_THROWS_WITH_AS(decryptor.pull(ByteView(stream.chunks[0]).first(16), ad),
                           "cannot decrypt: an encrypted chunk is 16 bytes, shorter than the 17 "
                           "bytes of overhead every chunk has; the file is truncated or damaged",
                           DecryptError);
    }
    SUBCASE("misuse: header and key sizes") {
      CHECK_THROWS_WITH_AS(StreamDecryptor(key, ByteView(stream.header).first(23)),
                           "StreamDecryptor: the stream header must be 24 bytes, got 23; read "
                           "exactly kStreamHeaderBytes from the file",
                           CryptoError);
      CHECK_THROWS_WITH_AS(StreamEncryptor(SecretBytes::random(16)),
                           Contains("StreamEncryptor: the key must be 32 bytes, got 16"), CryptoError);
    }
  }

  TEST_CASE("deterministic bundle encryption for golden files: seeded ephemeral key and fixed stream header") {
    const BoxKeyPair coordinator = boxKeyFromSeed(Bytes(kBoxSeedBytes, 7));
    const Bytes seed(32, 9);
    const SenderSessionKey a = senderSessionKeyFromSeed(coordinator.publicKey, seed);
    const SenderSessionKey b = senderSessionKeyFromSeed(coordinator.publicKey, seed);
    CHECK(a.ephemeralPublicKey == b.ephemeralPublicKey);
    CHECK(a.key.equals(b.key));
    CHECK(recipientSessionKey(coordinator, a.ephemeralPublicKey).equals(a.key));
    CHECK_FALSE(senderSessionKeyFromSeed(coordinator.publicKey, Bytes(32, 10)).key.equals(a.key));
    CHECK_THROWS_WITH_AS(senderSessionKeyFromSeed(coordinator.publicKey, Bytes(31, 9)),
                         Contains("senderSessionKeyFromSeed: the seed must be 32 bytes, got 31"), CryptoError);

    // A stream started with a fixed header is byte for byte the stream
    // init_push would have made with that header.
    StreamEncryptor random(a.key);
    StreamEncryptor fixed(a.key, random.header());
    CHECK(fixed.header() == random.header());
    const Bytes ad = hash(asBytes("header"));
    CHECK(fixed.push(asBytes("first chunk"), ad, false) == random.push(asBytes("first chunk"), ad, false));
    CHECK(fixed.push(asBytes("last"), ad, true) == random.push(asBytes("last"), ad, true));

    StreamHeader chosen{};
    chosen.fill(0x42);
    StreamEncryptor one(a.key, chosen);
    StreamEncryptor two(a.key, chosen);
    const Bytes c1 = one.push(asBytes("same"), ad, true);
    CHECK(c1 == two.push(asBytes("same"), ad, true));
    StreamDecryptor decryptor(a.key, chosen);
    const StreamChunk chunk = decryptor.pull(c1, ad);
    CHECK(asString(chunk.plaintext) == "same");
    CHECK(chunk.isFinal);
  }

  TEST_CASE("hashParts equals hashing the concatenation") {
    const Bytes a = randomBytes(1000);
    const Bytes b = randomBytes(77);
    CHECK(hashParts({a, b}) == hash(concat(a, b)));
    CHECK(hashParts({a, Bytes{}, b}, 64) == hash(concat(a, b), 64));
    CHECK(hashParts({}) == hash(Bytes{}));
    CHECK_THROWS_AS(hashParts({a}, 8), CryptoError);
  }

  TEST_CASE("deriveSubkey gives one key per label bound to its input and computed in secure memory") {
    const SecretBytes key = SecretBytes::random(32);
    const SecretBytes a = deriveSubkey(key, "spor.test.a"), b = deriveSubkey(key, "spor.test.b");
    CHECK(a.size() == kHashBytes);
    CHECK(a.equals(deriveSubkey(key, "spor.test.a")));
    CHECK_FALSE(a.equals(b));
    const Bytes input{1, 2, 3};
    CHECK_FALSE(deriveSubkey(key, "spor.test.a", input).equals(a));
    CHECK(deriveSubkey(key, "spor.test.a", input).equals(deriveSubkey(key, "spor.test.a", input)));
    // The label is length-prefixed: moving bytes between label and input changes the key.
    CHECK_FALSE(deriveSubkey(key, "spor.test.a\x01").equals(deriveSubkey(key, "spor.test.a", Bytes{1})));
    // It is keyed BLAKE2b-256 over (label length, label, input).
    const std::string message = std::string("\x0b\0\0\0", 4) + "spor.test.a" + "\x01\x02\x03";
    CHECK(deriveSubkey(key, "spor.test.a", input).equals(keyedHash(key, asBytes(message))));
    CHECK_THROWS_AS(deriveSubkey(SecretBytes(8), "x"), CryptoError);
  }

}  // TEST_SUITE
