// kiln_gpu_check [--host-safety] DIR: the running half of the GPU checks
// (runtime only, no compiler: it runs where the GPU is). Loads each bundle
// GpuCaseWriter wrote into DIR, runs it on the inputs and compares the outputs
// with the CPU's: same dtype and shape, NaN and infinity positions alike,
// floats within a tolerance per dtype (float32: |got - want| <= 1e-5 + 1e-4
// |want|; 16-bit floats 1e-3 + 1e-2 |want|), integers and bools exactly. Prints
// each mismatch and a summary; exit 1 on any failure. --host-safety (CI, under
// tests/cuda's fake driver, whose device memory the host cannot touch): values
// are not compared, runs must not crash or fail, except that cuBLASLt and cuDNN
// (absent there) may.
#include <execinfo.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"
#include "runtime/io/npy.h"
#include "tests/cuda/gpu_case_index.h"

namespace kiln {
namespace {

using testing::CaseLine;

struct Tolerance {
  double rtol, atol;
};

Tolerance ToleranceFor(DataType dtype) {
  switch (dtype) {
    case tensorflow::DT_DOUBLE:
      return {1e-9, 1e-12};
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16:
      return {1e-2, 1e-3};
    default:  // float32: a matmul's or convolution's sums in another order
      return {1e-4, 1e-5};
  }
}

// Elementwise as doubles; the first mismatch described in `why`.
template <typename T>
bool Close(const Tensor& got, const Tensor& want, Tolerance tol,
           std::string* why) {
  const T* g = got.flat<T>().data();
  const T* w = want.flat<T>().data();
  for (int64_t i = 0; i < want.NumElements(); ++i) {
    const double a = static_cast<double>(static_cast<float>(g[i]));
    const double b = static_cast<double>(static_cast<float>(w[i]));
    bool ok = std::isnan(b) ? std::isnan(a)
              : std::isinf(b)
                  ? a == b
                  : std::fabs(a - b) <= tol.atol + tol.rtol * std::fabs(b);
    if (!ok) {
      *why = "element " + std::to_string(i) + ": got " + std::to_string(a) +
             ", want " + std::to_string(b);
      return false;
    }
  }
  return true;
}

bool Compare(const Tensor& got, const Tensor& want, double rtol,
             std::string* why) {
  if (got.dtype() != want.dtype()) {
    *why = "dtype " + DataTypeName(got.dtype()) + ", want " +
           DataTypeName(want.dtype());
    return false;
  }
  if (got.shape() != want.shape()) {
    *why =
        "shape " + got.shape().ToString() + ", want " + want.shape().ToString();
    return false;
  }
  Tolerance tol = ToleranceFor(want.dtype());
  if (rtol > 0) tol = {rtol, rtol * 0.1};
  switch (want.dtype()) {
    case tensorflow::DT_FLOAT:
      return Close<float>(got, want, tol, why);
    case tensorflow::DT_DOUBLE:
      return Close<double>(got, want, tol, why);
    case tensorflow::DT_HALF:
      return Close<half>(got, want, tol, why);
    case tensorflow::DT_BFLOAT16:
      return Close<bfloat16>(got, want, tol, why);
    default:
      if (got.bytes() == want.bytes() &&
          std::memcmp(got.raw_data(), want.raw_data(), want.bytes()) == 0) {
        return true;
      }
      *why = "bytes differ";
      return false;
  }
}

Status RunLine(const std::string& dir, const CaseLine& line,
               std::map<std::string, LoadedBundle>& bundles, bool compare) {
  auto found = bundles.find(line.bundle);
  if (found == bundles.end()) {
    KILN_ASSIGN_OR_RETURN(LoadedBundle loaded,
                          LoadBundle(dir + "/" + line.bundle));
    found = bundles.emplace(line.bundle, std::move(loaded)).first;
  }
  KILN_ASSIGN_OR_RETURN(std::vector<Tensor> feeds,
                        testing::ReadCaseFeeds(dir, line));
  std::vector<Tensor> outputs;
  Executor executor(found->second.executable);
  KILN_RETURN_IF_ERROR(
      executor.Run(feeds, found->second.variables.get(), &outputs));
  if (!compare) return OkStatus();
  if (outputs.size() != line.wants.size()) {
    return Internal("outputs: " + std::to_string(outputs.size()) + ", want " +
                    std::to_string(line.wants.size()));
  }
  for (size_t k = 0; k < outputs.size(); ++k) {
    KILN_ASSIGN_OR_RETURN(Tensor want, ReadNpy(dir + "/" + line.wants[k]));
    std::string why;
    if (!Compare(outputs[k], want, line.rtol, &why)) {
      return Internal("output " + std::to_string(k) + ": " + why);
    }
  }
  return OkStatus();
}

// Under the fake driver: a library it lacks.
bool MissingLibrary(const Status& s) {
  return s.message().find("cublasLt") != std::string::npos ||
         s.message().find("cudnn") != std::string::npos;
}

bool StickyCudaError(const Status& s) {
  for (const char* code :
       {"CUDA_ERROR_ILLEGAL_ADDRESS", "CUDA_ERROR_LAUNCH_FAILED",
        "CUDA_ERROR_ILLEGAL_INSTRUCTION", "CUDA_ERROR_MISALIGNED_ADDRESS"}) {
    if (s.message().find(code) != std::string::npos) return true;
  }
  return false;
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

// Runs the index's lines from line `skip` on. After a sticky CUDA error
// (the process's context is dead) the rest of that bundle's lines are
// reported as not run and the function returns the line to resume from in
// a fresh process; -1 when the index was run to its end.
int RunIndex(const std::string& dir, int skip, bool host_safety,
             Counts* counts) {
  std::ifstream index(dir + "/index.txt");
  std::map<std::string, LoadedBundle> bundles;
  std::string text, lost_bundle;
  for (int number = 0; std::getline(index, text); ++number) {
    if (number < skip) continue;
    if (text.rfind("fail ", 0) == 0) {  // the GPU compile failed
      ++counts->failed;
      std::printf("FAIL (compile) %s\n", text.substr(5).c_str());
      continue;
    }
    CaseLine line;
    if (!testing::ParseCaseLine(text, &line)) {
      std::fprintf(stderr, "kiln_gpu_check: bad index line: %s\n",
                   text.c_str());
      return -2;
    }
    if (!lost_bundle.empty()) {
      if (line.bundle != lost_bundle) return number;
      ++counts->failed;  // its variables' state is gone with the context
      std::printf("FAIL %s: not run (the GPU context was lost)\n",
                  line.name.c_str());
      continue;
    }
    // Named before it runs: a crash then says which case.
    std::fprintf(stderr, "case %s\n", line.name.c_str());
    Status s = RunLine(dir, line, bundles, !host_safety);
    if (!s.ok() && host_safety && MissingLibrary(s)) {
      ++counts->skipped;
    } else if (s.ok()) {
      ++counts->passed;
    } else {
      ++counts->failed;
      std::printf("FAIL %s: %s\n", line.name.c_str(), s.ToString().c_str());
      std::fflush(stdout);
    }
    if (StickyCudaError(s)) lost_bundle = line.bundle;
  }
  return -1;
}

int Main(const std::string& dir, bool host_safety, int skip) {
  if (!std::ifstream(dir + "/index.txt")) {
    std::fprintf(stderr, "kiln_gpu_check: no %s/index.txt\n", dir.c_str());
    return 2;
  }
  Counts counts;
  const int resume = RunIndex(dir, skip, host_safety, &counts);
  if (resume == -2) return 2;
  if (resume >= 0) std::printf("resume-at %d\n", resume);
  std::printf("kiln_gpu_check %s: %d passed, %d failed%s\n", dir.c_str(),
              counts.passed, counts.failed,
              host_safety ? (", " + std::to_string(counts.skipped) +
                             " skipped (no cuBLASLt/cuDNN), values unchecked")
                                .c_str()
                          : "");
  if (resume >= 0) return 3;  // rerun with --skip `resume` in a new process
  return counts.failed == 0 && counts.passed > 0 ? 0 : 1;
}

}  // namespace
}  // namespace kiln

// A crash prints the stack (no debugger on the GPU machine).
void PrintStackAndDie(int signal) {
  void* frames[64];
  const int n = backtrace(frames, 64);
  std::fprintf(stderr, "kiln_gpu_check: signal %d\n", signal);
  backtrace_symbols_fd(frames, n, 2);
  std::_Exit(128 + signal);
}

int main(int argc, char** argv) {
  std::signal(SIGSEGV, PrintStackAndDie);
  std::signal(SIGBUS, PrintStackAndDie);
  bool host_safety = false;
  int skip = 0;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--host-safety") {
      host_safety = true;
    } else if (arg == "--skip" && i + 1 < argc) {
      skip = std::atoi(argv[++i]);
    } else if (dir.empty()) {
      dir = arg;
    } else {
      dir.clear();
      break;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr,
                 "usage: kiln_gpu_check [--host-safety] [--skip N] DIR\n");
    return 2;
  }
  return kiln::Main(dir, host_safety, skip);
}
