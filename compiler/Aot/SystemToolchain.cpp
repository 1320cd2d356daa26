//===- SystemToolchain.cpp - The system's C toolchain for AOT -------------===//
#include "compiler/Aot/SystemToolchain.h"

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

/// The driver a KILN_* variable names, else `fallback`.
std::string tool(const char *variable, const char *fallback) {
  const char *value = std::getenv(variable);
  return value && *value ? value : fallback;
}

/// Runs `arguments` (already quoted) with `program` in `dir`, its output
/// captured; an error quoting the output when it fails or `output` is
/// missing afterwards.
kiln::StatusOr<std::string> runTool(const TempDir &dir,
                                    const std::string &program,
                                    const std::string &arguments,
                                    const std::string &output) {
  const std::string log = dir.path() + "/tool.log";
  std::string command = "cd " + shellQuoted(dir.path()) + " && " +
                        shellQuoted(program) + " " + arguments + " > " +
                        shellQuoted(log) + " 2>&1";
  int status = std::system(command.c_str());
  const std::string produced = dir.path() + "/" + output;
  if (status != 0 || !std::filesystem::exists(produced)) {
    kiln::StatusOr<std::string> text = readFile(log);
    return kiln::Internal("'" + program + " " + arguments +
                          "' failed: " + (text.ok() ? *text : "no output"));
  }
  return readFile(produced);
}

} // namespace

kiln::StatusOr<std::string> linkSharedObject(const ObjectCode &object) {
  TempDir dir;
  if (dir.path().empty())
    return kiln::Internal("cannot create a temporary directory to link in");
  KILN_RETURN_IF_ERROR(writeFile(dir.path() + "/kernels.o", object.bytes));
  // -Wl,-z,noexecstack: the kernels need no executable stack; -s: no
  // symbol table beyond the dynamic one (smaller bundles).
  return runTool(dir, tool("KILN_LINKER", "cc"),
                 "-shared -nostartfiles -s -Wl,-z,noexecstack -o kernels.so "
                 "kernels.o -lm",
                 "kernels.so");
}

kiln::StatusOr<std::string> compileC(const std::string &source) {
  TempDir dir;
  if (dir.path().empty())
    return kiln::Internal("cannot create a temporary directory to compile in");
  KILN_RETURN_IF_ERROR(writeFile(dir.path() + "/source.c", source));
  return runTool(dir, tool("KILN_LINKER", "cc"),
                 "-c -O1 -fPIC -o source.o source.c", "source.o");
}

kiln::StatusOr<std::string> archiveObjects(
    const std::vector<std::pair<std::string, std::string>> &objects) {
  TempDir dir;
  if (dir.path().empty())
    return kiln::Internal("cannot create a temporary directory to archive in");
  std::string names;
  for (const auto &[name, bytes] : objects) {
    KILN_RETURN_IF_ERROR(writeFile(dir.path() + "/" + name, bytes));
    names += " " + shellQuoted(name);
  }
  return runTool(dir, tool("KILN_AR", "ar"), "rcs library.a" + names,
                 "library.a");
}

} // namespace kiln::compiler
