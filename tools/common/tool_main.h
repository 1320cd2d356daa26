// The main() of Kiln's small command-line tools: --help (or no argument)
// prints the usage, bad arguments exit 2 with the usage, a failed run exits
// 1 with "tool: MODEL: message" on stderr.
//
//   int main(int argc, char** argv) {
//     return kiln::ToolMain<Args>(argc, argv, "kiln-run", kUsage, ParseArgs,
//                                 RunModel);
//   }
#ifndef KILN_TOOLS_COMMON_TOOL_MAIN_H_
#define KILN_TOOLS_COMMON_TOOL_MAIN_H_

#include <cstdio>
#include <cstring>

#include "runtime/base/status.h"

namespace kiln {

// `Args` has a `model` member: what errors name.
template <typename Args>
int ToolMain(int argc, char** argv, const char* tool, const char* usage,
             StatusOr<Args> (*parse)(int, char**),
             Status (*run)(const Args&)) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  StatusOr<Args> args = parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s: %s\n\n%s", tool, args.status().message().c_str(),
                 usage);
    return 2;
  }
  Status status = run(*args);
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s: %s\n", tool, args->model.c_str(),
                 status.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace kiln

#endif  // KILN_TOOLS_COMMON_TOOL_MAIN_H_
