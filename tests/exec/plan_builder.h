// PlanBuilder: call plans written by hand for the executor's tests, plus
// random tensors and the memref descriptor structs test kernels take.
#ifndef KILN_TESTS_EXEC_PLAN_BUILDER_H_
#define KILN_TESTS_EXEC_PLAN_BUILDER_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "proto/kiln/plan.pb.h"
#include "runtime/exec/executable.h"
#include "runtime/exec/executor.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

// What an MLIR-compiled kernel receives for a rank-R memref of T.
template <typename T, int R>
struct MemRef {
  T* allocated;
  T* aligned;
  int64_t offset;
  int64_t sizes[R];
  int64_t strides[R];
  T& at(int64_t i, int64_t j) {
    return aligned[offset + i * strides[0] + j * strides[1]];
  }
};
template <typename T>
struct MemRef<T, 1> {
  T* allocated;
  T* aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
  T& at(int64_t i) { return aligned[offset + i * strides[0]]; }
};

class PlanBuilder {
 public:
  // A value; dims of -1 are known only at run time. slot -1: outside the arena.
  int Value(const std::string& name, DataType dtype,
            const std::vector<int64_t>& dims, int slot = -1) {
    PlanValue* v = plan_.add_values();
    v->set_name(name);
    v->set_dtype(dtype);
    for (int64_t d : dims) v->mutable_shape()->add_dim()->set_size(d);
    v->set_slot(slot);
    if (slot >= plan_.num_slots()) plan_.set_num_slots(slot + 1);
    return plan_.values_size() - 1;
  }
  int UnknownRankValue(const std::string& name, DataType dtype, int slot = -1) {
    int v = Value(name, dtype, {}, slot);
    plan_.mutable_values(v)->mutable_shape()->set_unknown_rank(true);
    return v;
  }
  int Feed(const std::string& name, DataType dtype,
           const std::vector<int64_t>& dims) {
    int v = Value(name, dtype, dims);
    PlanFeed* f = plan_.add_feeds();
    f->set_name(name);
    f->set_value(v);
    return v;
  }
  int Constant(const std::string& name, const Tensor& t) {
    int v = Value(name, t.dtype(), t.shape().dim_sizes());
    PlanConstant* c = plan_.add_constants();
    c->set_value(v);
    REQUIRE(t.ToProto(c->mutable_tensor()).ok());
    return v;
  }
  void Fetch(int value) {
    PlanFetch* f = plan_.add_fetches();
    f->set_name(plan_.values(value).name());
    f->set_value(value);
  }
  PlanStep* Step(PlanStep::Kind kind, const std::string& node,
                 const std::string& op, const std::vector<int>& inputs,
                 const std::vector<int>& outputs) {
    PlanStep* s = plan_.add_steps();
    s->set_kind(kind);
    if (kind == PlanStep::MATMUL) s->set_kernel("kiln_rt_matmul");
    s->mutable_node()->set_name(node);
    s->mutable_node()->set_op(op);
    for (int v : inputs) s->add_inputs(v);
    for (int v : outputs) s->add_outputs(v);
    return s;
  }
  // Registers `entry` under `symbol` for Build's resolver.
  void Kernel(const std::string& symbol, KernelEntry entry) {
    kernels_[symbol] = entry;
  }
  KernelResolver Resolver() const {
    auto kernels = kernels_;
    return [kernels](const std::string& symbol) -> KernelEntry {
      auto it = kernels.find(symbol);
      return it == kernels.end() ? nullptr : it->second;
    };
  }
  StatusOr<std::shared_ptr<const Executable>> Create() const {
    return Executable::Create(plan_, Resolver(), nullptr);
  }
  std::shared_ptr<const Executable> Build() const {
    auto exe = Create();
    INFO(exe.status().ToString());
    REQUIRE(exe.ok());
    return *exe;
  }
  Plan& plan() { return plan_; }

 private:
  Plan plan_;
  std::map<std::string, KernelEntry> kernels_;
};

inline PlanDim ArgDim(int arg, int dim) {
  PlanDim d;
  d.set_arg(arg);
  d.set_dim(dim);
  return d;
}

inline void AddResultDims(PlanStep* step, const std::vector<PlanDim>& dims) {
  PlanDims* out = step->add_result_dims();
  for (const PlanDim& d : dims) *out->add_dims() = d;
}

inline std::mt19937& Rng() {
  static std::mt19937 rng(1234);
  return rng;
}

template <typename T>
Tensor Random(const std::vector<int64_t>& dims, double lo = -1, double hi = 1) {
  auto shape = TensorShape::Create(dims);
  REQUIRE(shape.ok());
  auto t = Tensor::Allocate(DataTypeOf<T>::value, *shape);
  REQUIRE(t.ok());
  std::uniform_real_distribution<double> dist(lo, hi);
  for (T& x : t->template flat<T>()) {
    // half and bfloat16 are made only from float.
    x = static_cast<T>(static_cast<float>(dist(Rng())));
    if constexpr (std::is_arithmetic_v<T>) x = static_cast<T>(dist(Rng()));
  }
  return *t;
}

inline std::vector<Tensor> MustRun(const Executor& executor,
                                   const std::vector<Tensor>& feeds,
                                   VariableStore* variables = nullptr) {
  std::vector<Tensor> fetches;
  Status s = executor.Run(feeds, variables, &fetches);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return fetches;
}

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_EXEC_PLAN_BUILDER_H_
