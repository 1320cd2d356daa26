// kiln_numerics_cases OUT_DIR SEED: writes the numerics suite's inputs,
// Kiln's reference outputs and manifest.json (see numerics_cases.h).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "tests/numerics/compiled_evaluator.h"
#include "tests/numerics/numerics_cases.h"

int main(int argc, char** argv) {
  const std::string mode = argc == 4 ? argv[3] : "reference";
  if ((argc != 3 && argc != 4) ||
      (mode != "reference" && mode != "fused" && mode != "unfused" &&
       mode != "gpu-bundles")) {
    std::cerr << "usage: kiln_numerics_cases OUT_DIR SEED "
                 "[reference|fused|unfused|gpu-bundles]\n"
                 "gpu-bundles: as fused, and OUT_DIR/gpu holds each case "
                 "compiled for the GPU, for kiln_gpu_check\n";
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
  kiln::numerics::Evaluator evaluate =
      mode == "reference"
          ? kiln::numerics::Evaluator(kiln::numerics::EvaluateWithReference)
          : kiln::numerics::CompiledEvaluator(mode == "fused");
  std::unique_ptr<kiln::testing::GpuCaseWriter> gpu;
  if (mode == "gpu-bundles") {
    auto writer = kiln::testing::GpuCaseWriter::Create(dir + "/gpu");
    if (!writer.ok()) {
      std::cerr << "kiln_numerics_cases: " << writer.status() << "\n";
      return 1;
    }
    gpu = std::make_unique<kiln::testing::GpuCaseWriter>(
        std::move(writer).value());
    evaluate = kiln::numerics::GpuBundleEvaluator(gpu.get());
  }
  kiln::Status s = kiln::numerics::WriteCases(cases, dir, seed, evaluate);
  if (!s.ok()) {
    std::cerr << "kiln_numerics_cases: " << s << "\n";
    return 1;
  }
  std::cout << "kiln_numerics_cases: seed " << seed << ", " << cases.size()
            << " cases (" << mode << ") written to " << dir
            << " (rerun with KILN_NUMERICS_SEED=" << seed << " to reproduce)\n";
  return 0;
}
