// The case builders (Input, Attr) and AllCases; case_writer.cc turns
// cases into files.
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {

Input Of(DataType dtype, std::vector<int64_t> dims) {
  Input in;
  in.dtype = dtype;
  in.dims = std::move(dims);
  if (dtype == tensorflow::DT_INT32 || dtype == tensorflow::DT_INT64) {
    in.lo = -20;
    in.hi = 20;
  }
  return in;
}
Input F32(std::vector<int64_t> d) { return Of(tensorflow::DT_FLOAT, d); }
Input F64(std::vector<int64_t> d) { return Of(tensorflow::DT_DOUBLE, d); }
Input I32(std::vector<int64_t> d) { return Of(tensorflow::DT_INT32, d); }
Input I64(std::vector<int64_t> d) { return Of(tensorflow::DT_INT64, d); }
Input Bool(std::vector<int64_t> d) { return Of(tensorflow::DT_BOOL, d); }

Input Values(DataType dtype, std::vector<double> values,
             std::vector<int64_t> dims) {
  if (dims == std::vector<int64_t>{-1}) {
    dims = {static_cast<int64_t>(values.size())};
  }
  Input in = Of(dtype, std::move(dims));
  in.values = std::move(values);
  return in;
}
Input Ints(std::vector<double> v) {
  return Values(tensorflow::DT_INT32, std::move(v));
}
Input IntScalar(double v) { return Values(tensorflow::DT_INT32, {v}, {}); }

Attr BoolAttr(std::string n, bool v) {
  Attr a{std::move(n), Attr::kBool};
  a.b = v;
  return a;
}
Attr IntAttr(std::string n, int64_t v) {
  Attr a{std::move(n), Attr::kInt};
  a.i = v;
  return a;
}
Attr FloatAttr(std::string n, double v) {
  Attr a{std::move(n), Attr::kFloat};
  a.f = v;
  return a;
}
Attr TypeAttr(std::string n, DataType v) {
  Attr a{std::move(n), Attr::kType};
  a.type = v;
  return a;
}
Attr StringAttr(std::string n, std::string v) {
  Attr a{std::move(n), Attr::kString};
  a.s = std::move(v);
  return a;
}
Attr IntListAttr(std::string n, std::vector<int64_t> v) {
  Attr a{std::move(n), Attr::kIntList};
  a.list = std::move(v);
  return a;
}

std::vector<Case> AllCases() {
  std::vector<Case> all = ElementwiseCases();
  for (auto* family :
       {&LinalgCases, &ArrayCases, &WindowCases, &IndexingCases,
        &BatchNormCases, &ResizeCases, &ImageTransformCases, &LargeCases}) {
    std::vector<Case> more = family();
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

}  // namespace numerics
}  // namespace kiln
