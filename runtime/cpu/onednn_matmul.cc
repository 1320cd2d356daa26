// The float matmul on oneDNN 2.6. Primitives are cached per problem (dtype,
// dims, flags) so a steady-state call only looks one up and executes it.
// oneDNN's C++ API reports errors by throwing dnnl::error; this file is the
// boundary that turns them into Status (nothing throws past it).
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/cpu/internal/matmul_problem.h"
#include "runtime/cpu/internal/onednn_support.h"

namespace kiln {
namespace cpu {
namespace {

using dt = dnnl::memory::data_type;

struct CachedMatMul {
  dnnl::matmul primitive;
  dnnl::memory::desc src, weights, bias, dst;
  size_t scratchpad_bytes = 0;
};

// Row-major strides of `dims` as stored; transposed operands swap the last
// two strides so oneDNN reads them as [.., rows, cols] of op(x).
dnnl::memory::desc OperandDesc(const int64_t* dims, int rank, bool transpose) {
  dnnl::memory::dims d(dims, dims + rank), strides(rank);
  int64_t stride = 1;
  for (int i = rank - 1; i >= 0; --i) {
    strides[i] = stride;
    stride *= dims[i];
  }
  if (transpose) {
    std::swap(d[rank - 1], d[rank - 2]);
    std::swap(strides[rank - 1], strides[rank - 2]);
  }
  return dnnl::memory::desc(d, dt::f32, strides);
}

// Keyed by the full dims, M included. Measured with oneDNN 2.6 at batch 1
// (784x10 + bias + Relu, avx512): a primitive with M = DNNL_RUNTIME_DIM_VAL
// serves every batch size but dispatches to gemm:jit at ~80-140 us per call,
// while one per M gets brgemm at ~6-9 us per Run; one primitive per batch
// size it is.
std::string CacheKey(const MatMulProblem& p) {
  std::string key;
  const int64_t header[] = {p.dtype,
                            p.rank,
                            p.options.transpose_a,
                            p.options.transpose_b,
                            static_cast<int64_t>(p.options.activation),
                            p.bias != nullptr};
  key.append(reinterpret_cast<const char*>(header), sizeof(header));
  key.append(reinterpret_cast<const char*>(p.a_dims), p.rank * sizeof(int64_t));
  key.append(reinterpret_cast<const char*>(p.b_dims), p.rank * sizeof(int64_t));
  return key;
}

std::shared_ptr<const CachedMatMul> Build(const MatMulProblem& p) {
  auto entry = std::make_shared<CachedMatMul>();
  entry->src = OperandDesc(p.a_dims, p.rank, p.options.transpose_a);
  entry->weights = OperandDesc(p.b_dims, p.rank, p.options.transpose_b);
  entry->dst = OperandDesc(p.c_dims, p.rank, false);
  if (p.bias != nullptr) {
    dnnl::memory::dims bias_dims(p.rank, 1);
    bias_dims[p.rank - 1] = p.n;
    dnnl::memory::dims bias_strides(p.rank, p.n);
    bias_strides[p.rank - 1] = 1;
    entry->bias = dnnl::memory::desc(bias_dims, dt::f32, bias_strides);
  }
  dnnl::post_ops ops;
  AppendActivation(p.options.activation, ops);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  // A user scratchpad makes one primitive safe to run on many threads at once.
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  dnnl::matmul::desc desc =
      p.bias != nullptr
          ? dnnl::matmul::desc(entry->src, entry->weights, entry->bias,
                               entry->dst)
          : dnnl::matmul::desc(entry->src, entry->weights, entry->dst);
  dnnl::matmul::primitive_desc pd(desc, attr, CpuEngine());
  entry->scratchpad_bytes = pd.scratchpad_desc().get_size();
  entry->primitive = dnnl::matmul(pd);
  return entry;
}

PrimitiveCache<CachedMatMul>& Cache() {
  static auto* cache = new PrimitiveCache<CachedMatMul>();
  return *cache;
}

// Debian's oneDNN runs on OpenMP; reached through weak references, so a
// oneDNN built on another threading runtime links too (then no-ops).
extern "C" {
__attribute__((weak)) void omp_set_num_threads(int);
__attribute__((weak)) int omp_get_max_threads(void);
}

// Runs a small matmul on the calling thread: below about a million
// multiply-adds threads only add their fork and join (microseconds), and a
// process's first parallel region creates OpenMP's thread team, which costs
// milliseconds (a deployed model's first inference).
// KILN_SERIAL_MATMUL_MACS overrides the bound (0: always threaded).
double SerialMultiplyAdds() {
  static const double bound = [] {
    const char* text = std::getenv("KILN_SERIAL_MATMUL_MACS");
    return text != nullptr ? std::atof(text) : double(1 << 16);
  }();
  return bound;
}

class SmallProblemScope {
 public:
  explicit SmallProblemScope(const MatMulProblem& p) {
    const double kMaxMultiplyAdds = SerialMultiplyAdds();
    double work = static_cast<double>(p.m) * p.n * p.k;
    for (int d = 0; d + 2 < p.rank; ++d) work *= p.c_dims[d];  // batch dims
    if (work > kMaxMultiplyAdds || omp_set_num_threads == nullptr ||
        omp_get_max_threads == nullptr)
      return;
    previous_ = omp_get_max_threads();
    omp_set_num_threads(1);
  }
  ~SmallProblemScope() {
    if (previous_ > 0) omp_set_num_threads(previous_);
  }

 private:
  int previous_ = 0;
};

}  // namespace

Status OneDnnMatMul(const MatMulProblem& p) {
  if (p.dtype != tensorflow::DT_FLOAT) {
    return Unimplemented("oneDNN matmul of " + DataTypeName(p.dtype));
  }
  try {
    std::shared_ptr<const CachedMatMul> mm =
        Cache().Get(CacheKey(p), [&] { return Build(p); });
    std::unordered_map<int, dnnl::memory> args = {
        {DNNL_ARG_SRC, Wrap(mm->src, p.a)},
        {DNNL_ARG_WEIGHTS, Wrap(mm->weights, p.b)},
        {DNNL_ARG_DST, Wrap(mm->dst, p.c)},
    };
    if (p.bias != nullptr) args.emplace(DNNL_ARG_BIAS, Wrap(mm->bias, p.bias));
    SmallProblemScope small(p);
    ExecuteOnThisThread(mm->primitive, std::move(args), mm->scratchpad_bytes);
  } catch (const dnnl::error& e) {
    // Unimplemented: the caller falls back to the plain loop.
    return Unimplemented(std::string("oneDNN matmul: ") + e.what());
  }
  return OkStatus();
}

}  // namespace cpu
}  // namespace kiln
