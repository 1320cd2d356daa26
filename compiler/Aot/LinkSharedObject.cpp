//===- LinkSharedObject.cpp - Kernels' object code to a shared library ----===//
#include "compiler/Aot/LinkSharedObject.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace kiln::compiler {
namespace {

/// A private temporary directory, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kiln-link-XXXXXX").string();
    if (mkdtemp(pattern.data()))
      path_ = pattern;
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

kiln::Status writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return kiln::Internal("cannot write " + path);
  return kiln::OkStatus();
}

kiln::StatusOr<std::string> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return kiln::Internal("the linker wrote no " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// Single-quoted for /bin/sh.
std::string shellQuoted(const std::string &text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

kiln::StatusOr<std::string> linkSharedObject(const ObjectCode &object) {
  TempDir dir;
  if (dir.path().empty())
    return kiln::Internal("cannot create a temporary directory to link in");
  const std::string input = dir.path() + "/kernels.o";
  const std::string output = dir.path() + "/kernels.so";
  const std::string log = dir.path() + "/link.log";
  KILN_RETURN_IF_ERROR(writeFile(input, object.bytes));
  const char *linker = std::getenv("KILN_LINKER");
  std::string driver = linker && *linker ? linker : "cc";
  // -Wl,-z,noexecstack: the kernels need no executable stack; -s: no
  // symbol table beyond the dynamic one (smaller bundles).
  std::string command = shellQuoted(driver) +
                        " -shared -nostartfiles -s -Wl,-z,noexecstack -o " +
                        shellQuoted(output) + " " + shellQuoted(input) + " -lm > " +
                        shellQuoted(log) + " 2>&1";
  int status = std::system(command.c_str());
  if (status != 0 || !std::filesystem::exists(output)) {
    kiln::StatusOr<std::string> text = readFile(log);
    return kiln::Internal("linking the kernels with '" + driver +
                          "' failed: " + (text.ok() ? *text : "no output"));
  }
  return readFile(output);
}

} // namespace kiln::compiler
