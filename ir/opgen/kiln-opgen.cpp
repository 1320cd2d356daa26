//===- kiln-opgen.cpp - Generate ODS and op builders from the op table ----===//
//
//   kiln-opgen --emit=ods --family=math -o KilnOpsMath.gen.td
//   kiln-opgen --emit=frontend-h -o ops.gen.h
//
// Writes the file only when its text changed, so rebuilds stay incremental.
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "ir/opgen/OpGen.h"

namespace {

struct Args {
  std::string emit, family, output;
};

bool parseArgs(int argc, char **argv, Args &args) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--emit=", 0) == 0)
      args.emit = arg.substr(7);
    else if (arg.rfind("--family=", 0) == 0)
      args.family = arg.substr(9);
    else if (arg == "-o" && i + 1 < argc)
      args.output = argv[++i];
    else
      return false;
  }
  return !args.emit.empty() && !args.output.empty();
}

bool writeIfChanged(const std::string &path, const std::string &text) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream old;
  old << in.rdbuf();
  if (in && old.str() == text)
    return true;
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out)
      return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

} // namespace

int main(int argc, char **argv) {
  Args args;
  if (!parseArgs(argc, argv, args)) {
    std::cerr << "usage: kiln-opgen --emit=ods|frontend-h|frontend-cc "
                 "[--family=F] -o FILE\n";
    return 2;
  }
  const auto &ops = kiln::AllOpSpecs();
  std::string text;
  if (args.emit == "ods")
    text = kiln::opgen::emitOds(ops, args.family);
  else if (args.emit == "frontend-h")
    text = kiln::opgen::emitFrontendHeader(ops);
  else if (args.emit == "frontend-cc")
    text = kiln::opgen::emitFrontendSource(ops);
  else {
    std::cerr << "kiln-opgen: unknown --emit=" << args.emit << "\n";
    return 2;
  }
  if (!writeIfChanged(args.output, text)) {
    std::cerr << "kiln-opgen: cannot write " << args.output << "\n";
    return 1;
  }
  return 0;
}
