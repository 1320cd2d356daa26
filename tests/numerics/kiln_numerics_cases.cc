// kiln_numerics_cases OUT_DIR SEED: writes the numerics suite's inputs,
// Kiln's reference outputs and manifest.json (see numerics_cases.h).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "tests/numerics/numerics_cases.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kiln_numerics_cases OUT_DIR SEED\n";
    return 2;
  }
  const std::string dir = argv[1];
  char* end = nullptr;
  const uint64_t seed = std::strtoull(argv[2], &end, 10);
  if (end == argv[2] || *end != '\0') {
    std::cerr << "kiln_numerics_cases: SEED must be a decimal integer, got '"
              << argv[2] << "'\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "kiln_numerics_cases: cannot create " << dir << ": "
              << ec.message() << "\n";
    return 1;
  }
  const auto cases = kiln::numerics::AllCases();
  kiln::Status s = kiln::numerics::WriteCases(cases, dir, seed);
  if (!s.ok()) {
    std::cerr << "kiln_numerics_cases: " << s << "\n";
    return 1;
  }
  std::cout << "kiln_numerics_cases: seed " << seed << ", " << cases.size()
            << " cases written to " << dir
            << " (rerun with KILN_NUMERICS_SEED=" << seed
            << " to reproduce)\n";
  return 0;
}
