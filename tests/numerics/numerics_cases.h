// The numerics suite's cases: one op of the reference evaluator on inputs
// drawn fresh from a seed, written as .npy files with a manifest.json that
// check_against_tf.py replays in TensorFlow 2.21 (the spec).
//
//   kiln::numerics::Case c{"relu_f32_nan", "Relu",
//                          {F32({4, 5}).With({NaN(), Inf(), -Inf()})}};
//
// Case tables live by family in cases_*.cc; AllCases() joins them.
#ifndef KILN_TESTS_NUMERICS_NUMERICS_CASES_H_
#define KILN_TESTS_NUMERICS_NUMERICS_CASES_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "proto/tensorflow/node_def.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"
#include "runtime/graph/op_spec.h"

namespace kiln {
namespace numerics {

// One input tensor: random values uniform in [lo, hi] (integers rounded,
// bools fair coins), or exactly `values` when given; `specials` (NaN, inf,
// -0, ...) then overwrite distinct random positions.
struct Input {
  DataType dtype = tensorflow::DT_FLOAT;
  std::vector<int64_t> dims = {};
  double lo = -3, hi = 3;
  std::vector<double> values = {};
  std::vector<double> specials = {};

  Input Range(double l, double h) const {
    Input in = *this;
    in.lo = l;
    in.hi = h;
    return in;
  }
  Input With(std::vector<double> s) const {
    Input in = *this;
    in.specials = std::move(s);
    return in;
  }
};

Input F32(std::vector<int64_t> dims);
Input F64(std::vector<int64_t> dims);
Input I32(std::vector<int64_t> dims);
Input I64(std::vector<int64_t> dims);
Input Bool(std::vector<int64_t> dims);
Input Of(DataType dtype, std::vector<int64_t> dims);
// Exact values: a 1-D tensor, or `dims` when given.
Input Values(DataType dtype, std::vector<double> values,
             std::vector<int64_t> dims = {-1});
Input Ints(std::vector<double> values);  // int32 1-D
Input IntScalar(double value);           // int32 scalar

inline double NaN() { return std::numeric_limits<double>::quiet_NaN(); }
inline double Inf() { return std::numeric_limits<double>::infinity(); }

struct Attr {
  enum Kind { kBool, kInt, kFloat, kType, kString, kIntList };
  std::string name;
  Kind kind = kBool;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  DataType type = tensorflow::DT_INVALID;
  std::string s = {};
  std::vector<int64_t> list = {};
};

Attr BoolAttr(std::string name, bool v);
Attr IntAttr(std::string name, int64_t v);
Attr FloatAttr(std::string name, double v);
Attr TypeAttr(std::string name, DataType v);
Attr StringAttr(std::string name, std::string v);
Attr IntListAttr(std::string name, std::vector<int64_t> v);

// Tolerance class; the numbers depend on the output dtype (numerics_cases.cc).
// Integer and bool outputs are always compared exactly.
// kDistribution: random ops, whose values TensorFlow's differ from; against
// TensorFlow only the moments and range are compared (compiled vs the
// reference still exactly).
enum class Tol { kElementwise, kReduction, kDistribution };

struct Case {
  std::string name;  // unique; [a-z0-9_]
  std::string op;
  std::vector<Input> inputs;  // flat: a list arg's tensors in a row
  std::vector<Attr> attrs = {};  // list args need their number attr ("N")
  Tol tol = Tol::kElementwise;
  // Outputs TensorFlow leaves unspecified (its CPU kernels disagree on them:
  // FusedBatchNormV3's reserve spaces), not compared with TensorFlow;
  // compiled code is still compared with the reference on them.
  std::vector<int> unspecified = {};
};

std::vector<Case> ElementwiseCases();  // cases_elementwise.cc
std::vector<Case> LinalgCases();       // cases_linalg.cc: reductions, nn
std::vector<Case> ArrayCases();        // cases_array.cc: array ops, Cast
std::vector<Case> WindowCases();      // cases_window.cc: conv, pooling
std::vector<Case> IndexingCases();    // cases_indexing.cc: gather, tile
std::vector<Case> BatchNormCases();   // cases_batch_norm.cc
std::vector<Case> ResizeCases();      // cases_batch_norm.cc
std::vector<Case> ImageTransformCases();  // cases_image.cc
std::vector<Case> LargeCases();        // cases_large.cc: multi-threaded sizes
std::vector<Case> AllCases();

// (case_writer.cc) Generates inputs for every case from `seed`, evaluates
// them with the reference evaluator and writes <case>.in<i>.npy,
// <case>.out<i>.npy and manifest.json into `out_dir` (which must exist). A
// case Kiln rejects is recorded with its error (TensorFlow must reject it
// too). Fails when a case is malformed or an op with a reference kernel has
// no case.
// How a case's outputs are computed: the reference evaluator by default, or
// compiled code (compiled_evaluator.cc).
using Evaluator = std::function<StatusOr<std::vector<Tensor>>(
    const OpSpec& spec, const tensorflow::NodeDef& node,
    const std::vector<Tensor>& inputs)>;
StatusOr<std::vector<Tensor>> EvaluateWithReference(
    const OpSpec& spec, const tensorflow::NodeDef& node,
    const std::vector<Tensor>& inputs);

Status WriteCases(const std::vector<Case>& cases, const std::string& out_dir,
                  uint64_t seed, const Evaluator& evaluate);

}  // namespace numerics
}  // namespace kiln

#endif  // KILN_TESTS_NUMERICS_NUMERICS_CASES_H_
