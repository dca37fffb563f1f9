#include "crypto/stream.hpp"

#include <string>
#include <utility>

#include <sodium.h>

#include "crypto/detail.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

static_assert(kStreamKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamABytes == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(kStreamKeyBytes == crypto_kx_SESSIONKEYBYTES);
static_assert(BoxPublicKey::kBytes == crypto_kx_PUBLICKEYBYTES);
static_assert(kBoxSecretKeyBytes == crypto_kx_SECRETKEYBYTES);

namespace {

using State = crypto_secretstream_xchacha20poly1305_state;

void requireStreamKey(const SecretBytes& key, std::string_view what) {
  detail::requireSize(what, key.size(), kStreamKeyBytes,
                      "use the session key from senderSessionKey() or recipientSessionKey()");
}

SenderSessionKey sessionKeyWith(const BoxPublicKey& recipient, const BoxPublicKey& ephemeralPublic,
                                const SecretBytes& ephemeralSecret) {
  // The client's tx key equals the server's rx key; the other direction is
  // not used and is wiped with `unused`.
  SecretBytes unused(kStreamKeyBytes);
  SecretBytes sessionKey(kStreamKeyBytes);
  if (crypto_kx_client_session_keys(unused.data(), sessionKey.data(), ephemeralPublic.bytes.data(),
                                    ephemeralSecret.data(), recipient.bytes.data()) != 0) {
    throw CryptoError(
        "cannot encrypt to this public key: it is not a valid X25519 key; "
        "check the coordinator's key file");
  }
  return {ephemeralPublic, std::move(sessionKey)};
}

}  // namespace

SenderSessionKey senderSessionKey(const BoxPublicKey& recipient) {
  init();
  BoxPublicKey ephemeralPublic;
  SecretBytes ephemeralSecret(kBoxSecretKeyBytes);
  if (crypto_kx_keypair(ephemeralPublic.bytes.data(), ephemeralSecret.data()) != 0) {
    throw CryptoError("could not generate an ephemeral key (crypto_kx_keypair failed)");
  }
  return sessionKeyWith(recipient, ephemeralPublic, ephemeralSecret);
}

SenderSessionKey senderSessionKeyFromSeed(const BoxPublicKey& recipient, ByteView seed) {
  init();
  detail::requireSize("senderSessionKeyFromSeed: the seed", seed.size(), crypto_kx_SEEDBYTES, "");
  BoxPublicKey ephemeralPublic;
  SecretBytes ephemeralSecret(kBoxSecretKeyBytes);
  if (crypto_kx_seed_keypair(ephemeralPublic.bytes.data(), ephemeralSecret.data(), seed.data()) != 0) {
    throw CryptoError("could not make an ephemeral key from a seed (crypto_kx_seed_keypair failed)");
  }
  return sessionKeyWith(recipient, ephemeralPublic, ephemeralSecret);
}

SecretBytes recipientSessionKey(const BoxKeyPair& recipient, const BoxPublicKey& ephemeralPublicKey) {
  init();
  detail::requireSize("recipientSessionKey: the secret key", recipient.secretKey.size(), kBoxSecretKeyBytes,
                      "use the secretKey of a BoxKeyPair");
  SecretBytes sessionKey(kStreamKeyBytes);
  SecretBytes unused(kStreamKeyBytes);
  if (crypto_kx_server_session_keys(sessionKey.data(), unused.data(), recipient.publicKey.bytes.data(),
                                    recipient.secretKey.data(), ephemeralPublicKey.bytes.data()) != 0) {
    throw DecryptError(
        "cannot decrypt: the sender's key in the file header is invalid; "
        "the file is damaged or forged");
  }
  return sessionKey;
}

StreamEncryptor::StreamEncryptor(const SecretBytes& key) {
  init();
  requireStreamKey(key, "StreamEncryptor: the key");
  state_ = detail::makeSecureObject<State>();
  if (crypto_secretstream_xchacha20poly1305_init_push(detail::objectIn<State>(state_), header_.data(), key.data()) !=
      0) {
    throw CryptoError("could not start an encrypted stream (init_push failed)");
  }
}

StreamEncryptor::StreamEncryptor(const SecretBytes& key, const StreamHeader& fixedHeader) : header_(fixedHeader) {
  init();
  requireStreamKey(key, "StreamEncryptor: the key");
  state_ = detail::makeSecureObject<State>();
  // init_push is randombytes(header) followed by exactly what init_pull does
  // with a header (HChaCha20 subkey, counter reset, nonce from the header's
  // last 8 bytes), so init_pull with a chosen header yields the push state
  // for that header. The crypto tests check the result against a stream
  // started with init_push.
  if (crypto_secretstream_xchacha20poly1305_init_pull(detail::objectIn<State>(state_), header_.data(), key.data()) !=
      0) {
    throw CryptoError("could not start an encrypted stream (init_pull with a fixed header failed)");
  }
}

Bytes StreamEncryptor::push(ByteView chunk, ByteView associatedData, bool isFinal) {
  Bytes out(streamChunkBytes(chunk.size()));
  pushInto(chunk, associatedData, isFinal, out.data());
  return out;
}

void StreamEncryptor::pushInto(ByteView chunk, ByteView associatedData, bool isFinal, std::uint8_t* out) {
  if (finished_) {
    throw CryptoError(
        "StreamEncryptor::push after the final chunk: a stream ends with "
        "exactly one final chunk; start a new stream");
  }
  if (chunk.size() > crypto_secretstream_xchacha20poly1305_MESSAGEBYTES_MAX) {
    throw CryptoError("StreamEncryptor::push: the chunk is too large (" + std::to_string(chunk.size()) +
                      " bytes); split it");
  }
  unsigned long long written = 0;
  const unsigned char tag =
      isFinal ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  if (crypto_secretstream_xchacha20poly1305_push(detail::objectIn<State>(state_), out, &written, chunk.data(),
                                                 chunk.size(), associatedData.data(), associatedData.size(),
                                                 tag) != 0 ||
      written != streamChunkBytes(chunk.size())) {
    throw CryptoError("encrypting a stream chunk failed inside libsodium (secretstream push)");
  }
  if (isFinal) {
    finished_ = true;
    state_ = SecretBytes();  // wipe the key now
  }
}

StreamDecryptor::StreamDecryptor(const SecretBytes& key, ByteView header) {
  init();
  requireStreamKey(key, "StreamDecryptor: the key");
  detail::requireSize("StreamDecryptor: the stream header", header.size(), kStreamHeaderBytes,
                      "read exactly kStreamHeaderBytes from the file");
  state_ = detail::makeSecureObject<State>();
  if (crypto_secretstream_xchacha20poly1305_init_pull(detail::objectIn<State>(state_), header.data(), key.data()) !=
      0) {
    throw DecryptError("cannot decrypt: the stream header is invalid; the file is damaged");
  }
}

StreamChunk StreamDecryptor::pull(ByteView chunk, ByteView associatedData) {
  StreamChunk result;
  result.plaintext.resize(chunk.size() < kStreamABytes ? 0 : chunk.size() - kStreamABytes);
  result.isFinal = pullInto(chunk, associatedData, result.plaintext.data());
  return result;
}

bool StreamDecryptor::pullInto(ByteView chunk, ByteView associatedData, std::uint8_t* out) {
  if (finished_) {
    throw DecryptError(
        "cannot decrypt: there is data after the final chunk of the "
        "encrypted stream; the file was changed or has extra bytes appended");
  }
  if (chunk.size() < kStreamABytes) {
    throw DecryptError("cannot decrypt: an encrypted chunk is " + std::to_string(chunk.size()) +
                       " bytes, shorter than the " + std::to_string(kStreamABytes) +
                       " bytes of overhead every chunk has; the file is truncated or damaged");
  }
  unsigned long long written = 0;
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(detail::objectIn<State>(state_), out, &written, &tag, chunk.data(),
                                                 chunk.size(), associatedData.data(), associatedData.size()) != 0 ||
      written != chunk.size() - kStreamABytes) {
    throw DecryptError(
        "cannot decrypt: an encrypted chunk failed authentication, so the file was changed, "
        "damaged or reordered, or it was made for another key; get a fresh copy of the file");
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    finished_ = true;
    state_ = SecretBytes();
    return true;
  }
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    // Only a holder of the key can produce other tags (PUSH, REKEY),
    // and Spor never does: refuse rather than guess what was meant.
    throw DecryptError(
        "cannot decrypt: an encrypted chunk has an unexpected tag; the file "
        "was not written by Spor");
  }
  return false;
}

}  // namespace spor::crypto
