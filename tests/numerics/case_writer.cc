// Input generation, evaluation with the reference evaluator, and the .npy
// files + manifest.json that check_against_tf.py reads.
#include "tests/numerics/numerics_cases.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <type_traits>

#include "proto/tensorflow/node_def.pb.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/io/npy.h"
#include "runtime/reference/evaluate.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace numerics {
namespace {

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

StatusOr<Tensor> Generate(const Input& in, std::mt19937_64& rng) {
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(in.dims));
  KILN_ASSIGN_OR_RETURN(Tensor t, Tensor::Allocate(in.dtype, shape));
  const int64_t n = t.NumElements();
  std::vector<double> v = in.values;
  if (v.empty()) {
    std::uniform_real_distribution<double> dist(in.lo, in.hi);
    for (int64_t i = 0; i < n; ++i) v.push_back(dist(rng));
  } else if (static_cast<int64_t>(v.size()) != n) {
    return InvalidArgument("values do not match the shape");
  }
  if (!in.specials.empty() && n > 0) {
    std::vector<int64_t> idx(n);
    for (int64_t i = 0; i < n; ++i) idx[i] = i;
    std::shuffle(idx.begin(), idx.end(), rng);
    for (size_t k = 0; k < in.specials.size() && k < idx.size(); ++k) {
      v[idx[k]] = in.specials[k];
    }
  }
  bool ok = VisitDataType(in.dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = t.data<T>();
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<T, bool>) {
        p[i] = in.values.empty() ? (v[i] > (in.lo + in.hi) / 2) : v[i] != 0;
      } else if constexpr (std::is_integral_v<T>) {
        p[i] = static_cast<T>(std::llround(v[i]));
      } else {
        p[i] = static_cast<T>(v[i]);
      }
    }
  });
  if (!ok) return Unimplemented("dtype " + DataTypeName(in.dtype));
  return t;
}

void SetAttr(const Attr& a, tensorflow::NodeDef* node) {
  tensorflow::AttrValue& v = (*node->mutable_attr())[a.name];
  switch (a.kind) {
    case Attr::kBool: v.set_b(a.b); break;
    case Attr::kInt: v.set_i(a.i); break;
    case Attr::kFloat: v.set_f(static_cast<float>(a.f)); break;
    case Attr::kType: v.set_type(a.type); break;
    case Attr::kString: v.set_s(a.s); break;
    case Attr::kIntList:
      for (int64_t x : a.list) v.mutable_list()->add_i(x);
      break;
  }
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string AttrJson(const Attr& a) {
  std::ostringstream os;
  switch (a.kind) {
    case Attr::kBool: os << "{\"bool\": " << (a.b ? "true" : "false") << "}"; break;
    case Attr::kInt: os << "{\"int\": " << a.i << "}"; break;
    case Attr::kFloat: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.17g", a.f);
      os << "{\"float\": " << buf << "}";
      break;
    }
    case Attr::kType: os << "{\"type\": " << Quote(DataTypeName(a.type)) << "}"; break;
    case Attr::kString: os << "{\"string\": " << Quote(a.s) << "}"; break;
    case Attr::kIntList: {
      os << "{\"list_int\": [";
      for (size_t k = 0; k < a.list.size(); ++k) os << (k ? ", " : "") << a.list[k];
      os << "]}";
      break;
    }
  }
  return os.str();
}

// rtol, atol for the case's tolerance class and its float inputs: double
// when any is double, else half when any is half, else float. (Integer and
// bool outputs are compared exactly whatever these say.)
std::pair<double, double> Tolerance(const Case& c) {
  bool f64 = false, f16 = false;
  for (const Input& in : c.inputs) {
    if (in.dtype == tensorflow::DT_DOUBLE) f64 = true;
    if (in.dtype == tensorflow::DT_HALF) f16 = true;
  }
  const bool elementwise = c.tol == Tol::kElementwise;
  if (f64) return elementwise ? std::make_pair(1e-12, 1e-13)
                              : std::make_pair(1e-10, 1e-10);
  if (f16) return elementwise ? std::make_pair(1e-3, 1e-3)
                              : std::make_pair(1e-2, 1e-2);
  return elementwise ? std::make_pair(1e-5, 1e-6) : std::make_pair(1e-4, 1e-4);
}

// One case: inputs, evaluation, files; appends its manifest entry to `json`.
Status WriteCase(const Case& c, const std::string& dir, uint64_t seed,
                 const Evaluator& evaluate, std::string* json) {
  const OpSpec* spec = FindOpSpec(c.op);
  if (spec == nullptr) return InvalidArgument("unknown op " + c.op);
  tensorflow::NodeDef node;
  node.set_op(c.op);
  for (const Attr& a : c.attrs) {
    if (spec->FindAttr(a.name) == nullptr) {
      return InvalidArgument(c.op + " has no attr " + a.name);
    }
    SetAttr(a, &node);
  }
  std::mt19937_64 rng(seed ^ Fnv1a(c.name));
  std::vector<Tensor> inputs;
  for (const Input& in : c.inputs) {
    KILN_ASSIGN_OR_RETURN(Tensor t, Generate(in, rng));
    inputs.push_back(std::move(t));
  }
  // Inputs grouped by the spec's args (a list arg takes "N" of them).
  std::ostringstream args;
  size_t next = 0;
  for (size_t a = 0; a < spec->inputs.size(); ++a) {
    const ArgSpec& arg = spec->inputs[a];
    size_t count = 1;
    if (!arg.number_attr.empty()) {
      count = 0;
      for (const Attr& at : c.attrs) {
        if (at.name == arg.number_attr) count = static_cast<size_t>(at.i);
      }
    }
    args << (a ? ", " : "") << "{\"arg\": " << Quote(arg.name)
         << ", \"list\": " << (arg.number_attr.empty() ? "false" : "true")
         << ", \"files\": [";
    for (size_t k = 0; k < count; ++k, ++next) {
      if (next >= inputs.size()) return InvalidArgument("too few inputs");
      const std::string file = c.name + ".in" + std::to_string(next) + ".npy";
      KILN_RETURN_IF_ERROR(WriteNpy(dir + "/" + file, inputs[next]));
      args << (k ? ", " : "") << Quote(file);
    }
    args << "]}";
  }
  if (next != inputs.size()) return InvalidArgument("too many inputs");

  StatusOr<std::vector<Tensor>> out = evaluate(*spec, node, inputs);
  std::ostringstream outs;
  if (out.ok()) {
    for (size_t k = 0; k < out->size(); ++k) {
      const std::string file = c.name + ".out" + std::to_string(k) + ".npy";
      KILN_RETURN_IF_ERROR(WriteNpy(dir + "/" + file, (*out)[k]));
      outs << (k ? ", " : "") << Quote(file);
    }
  }
  std::ostringstream attr_json;
  bool first = true;
  for (const Attr& a : c.attrs) {
    if (spec->IsDerivedAttr(a.name)) continue;
    attr_json << (first ? "" : ", ") << Quote(a.name) << ": " << AttrJson(a);
    first = false;
  }
  const auto [rtol, atol] = Tolerance(c);
  char tol[128];
  std::snprintf(tol, sizeof(tol), "\"rtol\": %g, \"atol\": %g%s", rtol, atol,
                c.tol == Tol::kDistribution ? ", \"compare\": \"distribution\""
                                            : "");
  std::string unspecified;
  for (int k : c.unspecified) {
    unspecified += (unspecified.empty() ? "" : ", ") + std::to_string(k);
  }
  *json += "  {\"name\": " + Quote(c.name) + ", \"op\": " + Quote(c.op) +
           ", " + tol + ",\n   \"attrs\": {" + attr_json.str() +
           "},\n   \"inputs\": [" + args.str() + "],\n   \"outputs\": [" +
           outs.str() + "], \"unspecified\": [" + unspecified +
           "], \"kiln_error\": " +
           (out.ok() ? std::string("null") : Quote(out.status().ToString())) +
           "}";
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<Tensor>> EvaluateWithReference(
    const OpSpec& spec, const tensorflow::NodeDef& node,
    const std::vector<Tensor>& inputs) {
  NodeAttrSource attrs(node, &spec);
  return EvaluateReference(spec, inputs, attrs);
}

Status WriteCases(const std::vector<Case>& cases, const std::string& out_dir,
                  uint64_t seed, const Evaluator& evaluate) {
  std::set<std::string> names;
  std::set<std::string> covered;
  std::string json = "{\"seed\": " + std::to_string(seed) + ", \"cases\": [\n";
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    if (!names.insert(c.name).second) {
      return InvalidArgument("duplicate case name " + c.name);
    }
    if (!HasReferenceKernel(c.op)) {
      return InvalidArgument(c.name + ": " + c.op + " has no reference kernel");
    }
    covered.insert(c.op);
    if (i) json += ",\n";
    Status s = WriteCase(c, out_dir, seed, evaluate, &json);
    if (!s.ok()) return s.WithPrefix("case " + c.name);
  }
  json += "\n]}\n";
  std::string missing;
  for (const std::string& op : ReferenceKernelOps()) {
    if (!covered.count(op)) missing += " " + op;
  }
  if (!missing.empty()) {
    return FailedPrecondition("ops with a reference kernel but no case:" +
                              missing);
  }
  std::ofstream f(out_dir + "/manifest.json");
  f << json;
  f.close();
  if (!f) return DataLoss("cannot write " + out_dir + "/manifest.json");
  return OkStatus();
}

}  // namespace numerics
}  // namespace kiln
