// The lines of a GPU case folder's index.txt (GpuCaseWriter writes them;
// kiln_gpu_check and bench/gpu_model_bench read them):
//
//   case NAME FILE.kbundle feeds K IN0.npy ... wants M OUT0.npy ... [rtol R]
#ifndef KILN_TESTS_CUDA_GPU_CASE_INDEX_H_
#define KILN_TESTS_CUDA_GPU_CASE_INDEX_H_

#include <sstream>
#include <string>
#include <vector>

#include "runtime/io/npy.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

struct CaseLine {
  std::string name, bundle;
  std::vector<std::string> feeds, wants;
  double rtol = 0;  // 0: the dtype's tolerance
};

// False unless `text` is a well-formed `case` line.
inline bool ParseCaseLine(const std::string& text, CaseLine* line) {
  std::istringstream in(text);
  std::string word;
  size_t n = 0;
  if (!(in >> word) || word != "case") return false;
  if (!(in >> line->name >> line->bundle >> word >> n) || word != "feeds") {
    return false;
  }
  line->feeds.resize(n);
  for (std::string& f : line->feeds) in >> f;
  if (!(in >> word >> n) || word != "wants") return false;
  line->wants.resize(n);
  for (std::string& f : line->wants) in >> f;
  if (!in) return false;
  if (in >> word) return word == "rtol" && (in >> line->rtol) && line->rtol > 0;
  return true;
}

// The line's feeds, read from `dir`.
inline StatusOr<std::vector<Tensor>> ReadCaseFeeds(const std::string& dir,
                                                   const CaseLine& line) {
  std::vector<Tensor> feeds;
  for (const std::string& f : line.feeds) {
    KILN_ASSIGN_OR_RETURN(Tensor t, ReadNpy(dir + "/" + f));
    feeds.push_back(std::move(t));
  }
  return feeds;
}

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_CUDA_GPU_CASE_INDEX_H_
