// Small helpers the interop tools share.
#ifndef KILN_TESTS_INTEROP_TOOL_UTIL_H_
#define KILN_TESTS_INTEROP_TOOL_UTIL_H_

#include <sstream>
#include <string>
#include <vector>

namespace kiln {
namespace interop {

// "a,b,,c" split at `sep` (empty items kept, a trailing one dropped).
inline std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

}  // namespace interop
}  // namespace kiln

#endif  // KILN_TESTS_INTEROP_TOOL_UTIL_H_
