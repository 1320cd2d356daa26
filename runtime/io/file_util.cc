// ReadFileToString / WriteFileAtomically on POSIX file descriptors.
#include "runtime/io/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace kiln {
namespace {

Status ErrnoStatus(const std::string& path, const std::string& what, int err) {
  std::string msg = path + ": " + what + ": " + std::strerror(err);
  if (err == ENOENT) return NotFound(msg);
  return Status(StatusCode::kUnknown, msg);
}

// Makes a rename durable; best effort (some filesystems refuse to fsync a
// directory, and the rename itself already happened).
void SyncParentDirectory(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

StatusOr<std::string> ReadFileToString(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(path, "cannot open", errno);
  // Read straight into a buffer of the file's size (one allocation, one
  // copy), growing it should the file grow meanwhile.
  struct stat info;
  size_t capacity = ::fstat(fd, &info) == 0 && info.st_size > 0
                        ? static_cast<size_t>(info.st_size)
                        : size_t{1} << 16;
  std::string out(capacity, '\0');
  size_t used = 0;
  for (;;) {
    if (used == out.size()) out.resize(out.size() * 2);
    const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return ErrnoStatus(path, "read failed", err);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(used);
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  // A unique sibling name; O_EXCL with mode 0666 lets the umask apply (and
  // avoids the thread-unsafe umask() dance mkstemp's 0600 would need).
  static std::atomic<uint64_t> counter{0};
  std::string tmp_path;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp_path = path + ".tmp." + std::to_string(::getpid()) + "." +
               std::to_string(counter.fetch_add(1));
    fd =
        ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return ErrnoStatus(path, "cannot create a temporary file", errno);
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp_path.c_str());
    return ErrnoStatus(path, what, err);
  };
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n =
        ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write failed");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("fsync failed");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp_path.c_str());
    return ErrnoStatus(path, "close failed", err);
  }
  if (::rename(tmp_path.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_path.c_str());
    return ErrnoStatus(path, "rename failed", err);
  }
  SyncParentDirectory(path);
  return OkStatus();
}

Status RecursivelyCreateDir(const std::string& dir) {
  for (size_t i = 1; i <= dir.size(); ++i) {
    if (i != dir.size() && dir[i] != '/') continue;
    const std::string path = dir.substr(0, i);
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoStatus(path, "cannot create the directory", errno);
    }
  }
  return OkStatus();
}

}  // namespace kiln
