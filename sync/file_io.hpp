#pragma once
// Durable, all-or-nothing file writes and capped reads for sync files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "messages/message.hpp"

namespace spor::sync {

// Writes `bytes` as `folder/name`: a temporary file in the same folder,
// fsync, rename into place, fsync of the folder (so the new name survives a
// power cut). On any failure the temporary file is removed and SyncError
// (WriteFailed) says which path and why ("No space left on device: the disk
// or USB stick is full ..."); the final name never holds a partial file.
// Refuses to replace an existing file unless `replace`.
std::filesystem::path writeFileDurably(const std::filesystem::path& folder, const std::string& name,
                                       crypto::ByteView bytes, bool replace = false);

// writeFileDurably for a file written in pieces (a bundle streamed chunk by
// chunk): the pieces go to a temporary file in `folder` as they come;
// commit() fsyncs it, renames it to `name` and fsyncs the folder. Until
// commit() returns, the final name never holds the file, and a DurableFile
// destroyed without commit() (an exception) removes its temporary file.
// Errors throw SyncError (WriteFailed) as writeFileDurably's do.
class DurableFile {
 public:
  DurableFile(const std::filesystem::path& folder, const std::string& name, bool replace = false);
  ~DurableFile();
  DurableFile(const DurableFile&) = delete;
  DurableFile& operator=(const DurableFile&) = delete;
  void write(crypto::ByteView bytes);
  std::filesystem::path commit();

 private:
  void abandon() noexcept;
  std::filesystem::path folder_;
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Reads a whole file of at most `maxBytes`. `kind` names it in messages, as
// a catalogue word (Msg::FileBundle: "bundle" / "pakken"). Throws SyncError:
// ReadFailed (missing, unreadable) or TooLarge.
crypto::Bytes readFileCapped(const std::filesystem::path& path, std::uint64_t maxBytes, Msg kind);

// The first line of a small text file (without its line break), such as a
// --secret-file: reads no more than `maxBytes` and stops at the first line
// break, so a folder, an endless stream (/dev/zero) or a huge file is refused
// (SyncError: ReadFailed or TooLarge) without being read whole. A pipe
// (--secret-file <(...)) works. The caller wipes the result when it is a secret.
std::string readFirstLineCapped(const std::filesystem::path& path, std::uint64_t maxBytes, Msg kind);

// Test seam: while set, writeFileDurably fails like a full disk (ENOSPC)
// once this many more bytes have been written. Tests only.
void simulateFullDiskForTesting(std::optional<std::uint64_t> bytesLeft);

}  // namespace spor::sync
