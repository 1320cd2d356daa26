// Whole-file reads and atomic writes.
//
//   KILN_ASSIGN_OR_RETURN(std::string bytes, kiln::ReadFileToString(path));
//   KILN_RETURN_IF_ERROR(kiln::WriteFileAtomically(path, bytes));
#ifndef KILN_RUNTIME_IO_FILE_UTIL_H_
#define KILN_RUNTIME_IO_FILE_UTIL_H_

#include <string>
#include <string_view>

#include "runtime/base/status.h"

namespace kiln {

// NotFound when `path` does not exist; errors name the path and errno text.
StatusOr<std::string> ReadFileToString(const std::string& path);

// Writes `contents` to a temporary file in path's directory, fsyncs it,
// renames it over `path` and fsyncs the directory: readers see the old file
// or the whole new one, a failed write leaves no file behind, and the new
// file survives a power loss once this returns.
Status WriteFileAtomically(const std::string& path, std::string_view contents);

// mkdir -p: creates `dir` and its missing parents (0755).
Status RecursivelyCreateDir(const std::string& dir);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_FILE_UTIL_H_
