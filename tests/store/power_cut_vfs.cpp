// The power-cut VFS shim (power_cut_vfs.hpp). Every write through SQLite
// goes to the real file at once, but the bytes it overwrote are kept in an
// undo list until the file's next xSync; a cut replays the undo lists
// backwards, which leaves exactly what had been synced.
#include "tests/store/power_cut_vfs.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace spor::test {
namespace {

struct Undo {
  sqlite3_int64 offset;
  std::vector<unsigned char> old;  // what was there before (shorter when the write went past the end)
};

struct FileState {
  sqlite3_int64 syncedSize = 0;                                  // the size at the last sync
  std::vector<Undo> undo;                                        // since the last sync, in order
  std::vector<std::pair<sqlite3_int64, sqlite3_int64>> written;  // ranges written since the last sync
};

struct Shim {
  sqlite3_vfs* base = nullptr;
  sqlite3_vfs vfs{};
  std::uint64_t cutAt = 0;
  std::uint64_t syncs = 0;
  bool off = false;
  std::function<void()> onCut;
  PowerCut::Mode mode = PowerCut::Mode::Drop;
  std::mt19937 random;
  std::map<std::string, FileState> files;  // by path; kept after close, until restore()
};

Shim* gShim = nullptr;

struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
  FileState* state;  // null for files without a name (temporary files)
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }
FileState* stateOf(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->state; }

sqlite3_int64 sizeOf(sqlite3_file* r) {
  sqlite3_int64 size = 0;
  if (r->pMethods->xFileSize(r, &size) != SQLITE_OK) return 0;
  return size;
}

// The bytes of [offset, offset + n) that exist now.
std::vector<unsigned char> readExisting(sqlite3_file* r, sqlite3_int64 offset, sqlite3_int64 n) {
  const sqlite3_int64 size = sizeOf(r);
  const sqlite3_int64 end = std::min(size, offset + n);
  std::vector<unsigned char> out;
  if (end <= offset) return out;
  out.resize(static_cast<std::size_t>(end - offset));
  if (r->pMethods->xRead(r, out.data(), static_cast<int>(out.size()), offset) != SQLITE_OK) out.clear();
  return out;
}

int xClose(sqlite3_file* f) {
  sqlite3_file* r = real(f);
  const int rc = r->pMethods != nullptr ? r->pMethods->xClose(r) : SQLITE_OK;
  return rc;
}
int xRead(sqlite3_file* f, void* buf, int amt, sqlite3_int64 offset) {
  return real(f)->pMethods->xRead(real(f), buf, amt, offset);
}
int xWrite(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 offset) {
  if (gShim->off) return SQLITE_IOERR_WRITE;
  if (FileState* s = stateOf(f)) {
    s->undo.push_back({offset, readExisting(real(f), offset, amt)});
    s->written.emplace_back(offset, offset + amt);
  }
  return real(f)->pMethods->xWrite(real(f), buf, amt, offset);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (gShim->off) return SQLITE_IOERR_TRUNCATE;
  if (FileState* s = stateOf(f)) {
    const sqlite3_int64 now = sizeOf(real(f));
    if (size < now) s->undo.push_back({size, readExisting(real(f), size, now - size)});
  }
  return real(f)->pMethods->xTruncate(real(f), size);
}
int xSync(sqlite3_file* f, int flags) {
  if (gShim->off) return SQLITE_IOERR_FSYNC;
  ++gShim->syncs;
  if (gShim->cutAt != 0 && gShim->syncs == gShim->cutAt) {
    gShim->off = true;  // the power goes here: this sync never happens
    if (gShim->onCut) gShim->onCut();
    return SQLITE_IOERR_FSYNC;
  }
  const int rc = real(f)->pMethods->xSync(real(f), flags);
  if (rc == SQLITE_OK) {
    if (FileState* s = stateOf(f)) {
      s->undo.clear();
      s->written.clear();
      s->syncedSize = sizeOf(real(f));
    }
  }
  return rc;
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int xLock(sqlite3_file* f, int lock) { return real(f)->pMethods->xLock(real(f), lock); }
int xUnlock(sqlite3_file* f, int lock) { return real(f)->pMethods->xUnlock(real(f), lock); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) {
  if (gShim->off && (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_SYNC || op == SQLITE_FCNTL_COMMIT_PHASETWO))
    return SQLITE_IOERR;
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int xSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int xDeviceCharacteristics(sqlite3_file* f) {
  // No "safe append" or "atomic write" promises: SQLite must sync as on a plain disk.
  return real(f)->pMethods->xDeviceCharacteristics(real(f)) &
         ~(SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE |
           SQLITE_IOCAP_BATCH_ATOMIC);
}
int xShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }

const sqlite3_io_methods kMethods = {
    2,  // up to xShmUnmap: no memory-mapped I/O, so every write comes through xWrite
    xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xUnlock, xCheckReservedLock, xFileControl,
    xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, nullptr, nullptr};

int xOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags) {
  auto* file = reinterpret_cast<ShimFile*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  file->state = nullptr;
  file->base.pMethods = nullptr;
  if (gShim->off) return SQLITE_CANTOPEN;
  const int rc = gShim->base->xOpen(gShim->base, name, file->real, flags, outFlags);
  if (rc != SQLITE_OK) return rc;
  file->base.pMethods = &kMethods;
  if (name != nullptr) {
    auto [it, added] = gShim->files.try_emplace(name);
    if (added) it->second.syncedSize = sizeOf(file->real);
    file->state = &it->second;
  }
  return SQLITE_OK;
}
int xDelete(sqlite3_vfs*, const char* name, int syncDir) {
  if (gShim->off) return SQLITE_IOERR_DELETE;
  gShim->files.erase(name);  // a delete is taken as durable, as in SQLite's crash tests
  return gShim->base->xDelete(gShim->base, name, syncDir);
}
int xAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
  return gShim->base->xAccess(gShim->base, name, flags, out);
}
int xFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return gShim->base->xFullPathname(gShim->base, name, n, out);
}
void* xDlOpen(sqlite3_vfs*, const char* name) { return gShim->base->xDlOpen(gShim->base, name); }
void xDlError(sqlite3_vfs*, int n, char* out) { gShim->base->xDlError(gShim->base, n, out); }
void (*xDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return gShim->base->xDlSym(gShim->base, handle, symbol);
}
void xDlClose(sqlite3_vfs*, void* handle) { gShim->base->xDlClose(gShim->base, handle); }
int xRandomness(sqlite3_vfs*, int n, char* out) { return gShim->base->xRandomness(gShim->base, n, out); }
int xSleep(sqlite3_vfs*, int us) { return gShim->base->xSleep(gShim->base, us); }
int xCurrentTime(sqlite3_vfs*, double* out) { return gShim->base->xCurrentTime(gShim->base, out); }
int xGetLastError(sqlite3_vfs*, int n, char* out) { return gShim->base->xGetLastError(gShim->base, n, out); }
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return gShim->base->xCurrentTimeInt64(gShim->base, out);
}

void writeAt(int fd, const std::vector<unsigned char>& bytes, sqlite3_int64 offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
    if (n <= 0) throw std::runtime_error("power-cut restore: cannot write");
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

PowerCut::PowerCut(std::uint64_t cutAt, Mode mode, std::uint32_t seed) {
  if (gShim != nullptr) throw std::logic_error("one PowerCut at a time");
  gShim = new Shim;
  gShim->base = sqlite3_vfs_find(nullptr);
  gShim->cutAt = cutAt;
  gShim->mode = mode;
  gShim->random.seed(seed);
  sqlite3_vfs& v = gShim->vfs;
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(sizeof(ShimFile)) + gShim->base->szOsFile;
  v.mxPathname = gShim->base->mxPathname;
  v.zName = "spor-power-cut";
  v.xOpen = xOpen;
  v.xDelete = xDelete;
  v.xAccess = xAccess;
  v.xFullPathname = xFullPathname;
  v.xDlOpen = xDlOpen;
  v.xDlError = xDlError;
  v.xDlSym = xDlSym;
  v.xDlClose = xDlClose;
  v.xRandomness = xRandomness;
  v.xSleep = xSleep;
  v.xCurrentTime = xCurrentTime;
  v.xGetLastError = xGetLastError;
  v.xCurrentTimeInt64 = xCurrentTimeInt64;
  sqlite3_vfs_register(&v, 1);
}

PowerCut::~PowerCut() {
  try {
    restore();
  } catch (...) {
  }
}

std::uint64_t PowerCut::syncs() const { return gShim != nullptr ? gShim->syncs : 0; }
bool PowerCut::cut() const { return gShim != nullptr && gShim->off; }
void PowerCut::cutNow() {
  if (gShim == nullptr || gShim->off) return;
  gShim->off = true;
  if (gShim->onCut) gShim->onCut();
}
void PowerCut::onCut(std::function<void()> f) {
  if (gShim != nullptr) gShim->onCut = std::move(f);
}

void PowerCut::restore() {
  if (restored_ || gShim == nullptr) return;
  restored_ = true;
  const bool garble = gShim->off && gShim->mode == Mode::Garble;
  if (gShim->off) {
    for (auto& [path, s] : gShim->files) {
      const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0) continue;  // deleted or renamed since: nothing to put back
      for (auto u = s.undo.rbegin(); u != s.undo.rend(); ++u) writeAt(fd, u->old, u->offset);
      if (::ftruncate(fd, static_cast<off_t>(s.syncedSize)) != 0) {
        ::close(fd);
        throw std::runtime_error("power-cut restore: cannot truncate " + path);
      }
      if (garble) {
        // Each unsynced write reached the platter as noise or not at all.
        for (const auto& [from, to] : s.written) {
          if (gShim->random() % 2 == 0) continue;
          std::vector<unsigned char> noise(static_cast<std::size_t>(to - from));
          for (auto& b : noise) b = static_cast<unsigned char>(gShim->random());
          writeAt(fd, noise, from);
        }
      }
      ::close(fd);
    }
  }
  sqlite3_vfs_unregister(&gShim->vfs);
  sqlite3_vfs_register(gShim->base, 1);
  delete gShim;
  gShim = nullptr;
}

}  // namespace spor::test
