#include "sync/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/memory.hpp"
#include "crypto/random.hpp"
#include "sync/errors.hpp"

namespace spor::sync {

namespace {

std::optional<std::uint64_t> gFullDiskAfter;  // test seam

std::string errnoText(int error) {
  std::string text = std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) text += ": the disk or USB stick is full; free some space and try again";
  if (error == EROFS) text += ": the disk or USB stick is read-only";
  if (error == EACCES || error == EPERM) text += ": no permission to write there; choose another folder";
  return text;
}

// Why a write failed, as a catalogue phrase (strerror's English stays in the
// English text only).
Message reasonOf(int error) {
  const std::string text = std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) return {Msg::ReasonDiskFull, {{"en_text", text}}};
  if (error == EROFS) return {Msg::ReasonReadOnly, {{"en_text", text}}};
  if (error == EACCES || error == EPERM) return {Msg::ReasonNoPermission, {{"en_text", text}}};
  return {Msg::ReasonSystem, {{"en_text", text}, {"errno", error}}};
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// write() until done; returns 0 or an errno.
int writeAll(int fd, crypto::ByteView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    std::size_t want = bytes.size() - done;
    if (gFullDiskAfter) {
      if (*gFullDiskAfter == 0) return ENOSPC;
      if (want > *gFullDiskAfter) want = static_cast<std::size_t>(*gFullDiskAfter);
    }
    const ssize_t n = ::write(fd, bytes.data() + done, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    done += static_cast<std::size_t>(n);
    if (gFullDiskAfter) *gFullDiskAfter -= static_cast<std::uint64_t>(n);
  }
  return 0;
}

}  // namespace

void simulateFullDiskForTesting(std::optional<std::uint64_t> bytesLeft) {
  gFullDiskAfter = bytesLeft;
}

std::filesystem::path writeFileDurably(const std::filesystem::path& folder, const std::string& name,
                                       crypto::ByteView bytes, bool replace) {
  const std::filesystem::path target = folder / name;
  const auto fail = [&](const Message& reason) {
    return SyncError(SyncErrorKind::WriteFailed,
                     Message{Msg::FileWriteFailed, {{"path", target.string()}, {"reason", reason}}});
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw fail(Message{Msg::ReasonFolderMissing, {{"folder", folder.string()}}});
  }
  if (!replace && std::filesystem::exists(target, ec)) throw fail(Msg::ReasonFileExists);

  const std::filesystem::path temp = folder / ("." + name + ".tmp-" + crypto::randomUuid().substr(0, 8));
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw fail(reasonOf(errno));
  const auto abandon = [&](int error) {
    ::close(fd.release());
    ::unlink(temp.c_str());
    return fail(reasonOf(error));
  };
  if (const int error = writeAll(fd.get(), bytes); error != 0) throw abandon(error);
  if (::fsync(fd.get()) != 0) throw abandon(errno);
  if (::close(fd.release()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw fail(reasonOf(error));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw fail(reasonOf(error));
  }
  // The rename is durable only once the folder itself is synced.
  Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    const int error = errno;
    ::unlink(target.c_str());
    throw fail(Message{Msg::ReasonFolderSync, {{"en_text", errnoText(error)}}});
  }
  return target;
}

DurableFile::DurableFile(const std::filesystem::path& folder, const std::string& name, bool replace)
    : folder_(folder), target_(folder / name) {
  const auto fail = [&](const Message& reason) {
    return SyncError(SyncErrorKind::WriteFailed,
                     Message{Msg::FileWriteFailed, {{"path", target_.string()}, {"reason", reason}}});
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw fail(Message{Msg::ReasonFolderMissing, {{"folder", folder.string()}}});
  }
  if (!replace && std::filesystem::exists(target_, ec)) throw fail(Msg::ReasonFileExists);
  temp_ = folder / ("." + name + ".tmp-" + crypto::randomUuid().substr(0, 8));
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw fail(reasonOf(errno));
}

DurableFile::~DurableFile() {
  if (!committed_) abandon();
}

void DurableFile::abandon() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void DurableFile::write(crypto::ByteView bytes) {
  if (const int error = writeAll(fd_, bytes); error != 0) {
    abandon();
    committed_ = true;  // nothing left to clean up
    throw SyncError(SyncErrorKind::WriteFailed,
                    Message{Msg::FileWriteFailed, {{"path", target_.string()}, {"reason", reasonOf(error)}}});
  }
}

std::filesystem::path DurableFile::commit() {
  const auto fail = [&](const Message& reason) {
    return SyncError(SyncErrorKind::WriteFailed,
                     Message{Msg::FileWriteFailed, {{"path", target_.string()}, {"reason", reason}}});
  };
  if (::fsync(fd_) != 0) {
    const int error = errno;
    abandon();
    committed_ = true;
    throw fail(reasonOf(error));
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int error = errno;
    abandon();
    committed_ = true;
    throw fail(reasonOf(error));
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    abandon();
    committed_ = true;
    throw fail(reasonOf(error));
  }
  committed_ = true;
  Fd dir(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    const int error = errno;
    ::unlink(target_.c_str());
    throw fail(Message{Msg::ReasonFolderSync, {{"en_text", errnoText(error)}}});
  }
  return target_;
}

crypto::Bytes readFileCapped(const std::filesystem::path& path, std::uint64_t maxBytes, Msg kind) {
  const auto fail = [&](SyncErrorKind k, Msg code, std::vector<MessageArg> more = {}) {
    return fileError(k, code, kind, path.string(), std::move(more));
  };
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw fail(SyncErrorKind::ReadFailed, Msg::FileCannotOpen, {{"en_reason", std::strerror(errno)}});
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw fail(SyncErrorKind::ReadFailed, Msg::FileCannotRead, {{"en_reason", std::strerror(errno)}});
  }
  if (!S_ISREG(info.st_mode)) throw fail(SyncErrorKind::ReadFailed, Msg::FileNotRegular);
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > maxBytes) {
    throw fail(SyncErrorKind::TooLarge, Msg::FileOverCap, {{"size", size}, {"max", maxBytes}});
  }
  crypto::Bytes bytes(static_cast<std::size_t>(size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail(SyncErrorKind::ReadFailed, Msg::FileCannotRead, {{"en_reason", std::strerror(errno)}});
    }
    if (n == 0) break;  // shrank while reading: the checks below see the short file
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

std::string readFirstLineCapped(const std::filesystem::path& path, std::uint64_t maxBytes, Msg kind) {
  const auto fail = [&](SyncErrorKind k, Msg code, std::vector<MessageArg> more = {}) {
    return fileError(k, code, kind, path.string(), std::move(more));
  };
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw fail(SyncErrorKind::ReadFailed, Msg::FileCannotOpen, {{"en_reason", std::strerror(errno)}});
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
    throw fail(SyncErrorKind::ReadFailed, Msg::FileIsFolder);
  std::string text;
  char buffer[512];
  text.reserve(static_cast<std::size_t>(maxBytes) + sizeof buffer);  // no reallocation leaves a copy behind
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      crypto::memzero(text);
      throw fail(SyncErrorKind::ReadFailed, Msg::FileCannotRead, {{"en_reason", std::strerror(error)}});
    }
    if (n == 0) break;
    const std::string_view piece(buffer, static_cast<std::size_t>(n));
    const auto newline = piece.find('\n');
    text.append(piece.substr(0, newline));
    crypto::memzero(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(buffer), sizeof buffer));
    if (text.size() > maxBytes) {
      crypto::memzero(text);
      throw fail(SyncErrorKind::TooLarge, Msg::FileFirstLineTooLong, {{"max", maxBytes}});
    }
    if (newline != std::string_view::npos) break;
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

}  // namespace spor::sync
