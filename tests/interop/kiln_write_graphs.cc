// kiln_write_graphs: writes GraphDefs built with Kiln's C++ frontend, which
// check_tf_loads_kiln.py then loads (and runs) in TensorFlow.
//
//   kiln_write_graphs OUT_DIR
//
// OUT_DIR receives one GraphDef per graph and kiln_graphs.json, which lists,
// per graph, its file, whether TensorFlow may run it with only its
// placeholders fed, and the dtype and static shape the frontend inferred for
// every output of the ops built here (-1: unknown dim; null: unknown rank).
#include <google/protobuf/text_format.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace {

using kiln::DT_FLOAT;
using kiln::DT_INT32;
using kiln::kUnknownDim;
using kiln::Operation;
using kiln::Output;
using kiln::Scope;
using kiln::Shape;
namespace ops = kiln::ops;

// One graph being written, and the ops whose inferred types the test checks:
//   auto y = g(ops::Relu(g.root, x));  // builds the op and records it
struct Graph {
  std::string name;
  bool runnable = true;  // only placeholders need feeding; no variables
  bool as_text = false;  // write .pbtxt instead of .pb
  Scope root = Scope::NewRootScope();
  std::vector<Operation> ops;

  Output operator()(const Output& out) {
    ops.push_back(out.op());
    return out;
  }
  Operation operator()(const Operation& op) {
    ops.push_back(op);
    return op;
  }
  std::string file() const { return name + (as_text ? ".pbtxt" : ".pb"); }
};

std::vector<float> Ramp(int64_t n, float scale) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = scale * static_cast<float>(i % 17 - 8);
  return v;
}

// x: [?,784] -> fc1 (MatMul, BiasAdd, Relu) -> fc2 (transpose_b) -> probs.
void BuildMlp(Graph& g) {
  Scope& root = g.root;
  auto x = g(ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 784})));
  Scope fc1 = root.NewSubScope("fc1");
  auto w1 = g(ops::Const(fc1.WithOpName("w"), Ramp(784 * 32, 0.001f),
                         Shape::Of({784, 32})));
  auto b1 =
      g(ops::Const(fc1.WithOpName("b"), Ramp(32, 0.01f), Shape::Of({32})));
  auto h = g(ops::MatMul(fc1.WithOpName("MatMul"), x, w1));
  h = g(ops::BiasAdd(fc1.WithOpName("BiasAdd"), h, b1));
  h = g(ops::Relu(fc1.WithOpName("Relu").WithDevice("/device:CPU:0"), h));
  Scope fc2 = root.NewSubScope("fc2");
  auto w2 = g(ops::Const(fc2.WithOpName("w"), Ramp(10 * 32, 0.01f),
                         Shape::Of({10, 32})));
  auto logits = g(ops::MatMul(fc2.WithOpName("MatMul"), h, w2,
                              ops::MatMulAttrs().TransposeB(true)));
  logits =
      g(ops::BiasAdd(fc2.WithOpName("BiasAdd"), logits,
                     ops::Const(fc2.WithOpName("b"), 0.5f, Shape::Of({10}))));
  g(ops::Softmax(root.WithOpName("probs"), logits));
}

// Control edges: "^name" inputs from WithControlDependencies and NoOp groups.
void BuildControlDeps(Graph& g) {
  Scope& root = g.root;
  auto x = g(ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({4})));
  auto sq = g(ops::Square(root.WithOpName("square"), x));
  auto ex = g(ops::Exp(root.WithOpName("exp"), x));
  Operation group =
      g(ops::NoOp(root.WithOpName("group").WithControlDependencies(
          std::vector<Output>{sq, ex})));
  Scope after = root.WithControlDependencies(std::vector<Operation>{group});
  auto y = g(ops::Identity(after.WithOpName("y"), x));
  auto z = g(ops::AddV2(after.WithOpName("z"), y, sq));
  auto t = g(ops::Tanh(root.WithOpName("tanh").WithControlDependencies(z), ex));
  g(ops::NoOp(root.WithOpName("done").WithControlDependencies(
      std::vector<Output>{t, y})));
}

// List inputs: ConcatV2 and Pack with N (and ConcatV2's Tidx).
void BuildConcatPack(Graph& g) {
  Scope& root = g.root;
  auto a =
      g(ops::Placeholder(root.WithOpName("a"), DT_FLOAT, Shape::Of({2, 3})));
  auto b = g(ops::Placeholder(root.WithOpName("b"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3})));
  g(ops::ConcatV2(root.WithOpName("concat_rows"), {a, b}, 0));
  g(ops::ConcatV2(root.WithOpName("concat_cols"), {a, a, a}, 1));
  g(ops::Pack(root.WithOpName("stack"), kiln::OutputList{a, a}));
  g(ops::Pack(root.WithOpName("stack_axis1"), kiln::OutputList{a, a, a, a},
              ops::PackAttrs().Axis(1)));
}

// Reshape, Transpose, StridedSlice, ExpandDims/Squeeze, Shape, reductions.
void BuildShapes(Graph& g) {
  Scope& root = g.root;
  auto x = g(ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 4, 6})));
  g(ops::Reshape(root.WithOpName("flat"), x, {-1, 24}));
  g(ops::Transpose(root.WithOpName("transpose"), x, {0, 2, 1}));
  g(ops::StridedSlice(root.WithOpName("slice"), x, {0, 1, 0}, {0, 3, 6},
                      {1, 1, 2},
                      ops::StridedSliceAttrs().BeginMask(1).EndMask(1)));
  g(ops::StridedSlice(root.WithOpName("row0"), x, {0, 0}, {1, 0}, {1, 1},
                      ops::StridedSliceAttrs().EndMask(2).ShrinkAxisMask(1)));
  auto e = g(ops::ExpandDims(root.WithOpName("expand"), x, 1));
  g(ops::Squeeze(root.WithOpName("squeeze"), e,
                 ops::SqueezeAttrs().SqueezeDims({1})));
  g(ops::Shape(root.WithOpName("shape"), x));
  g(ops::Sum(root.WithOpName("sum"), x, {1}, ops::SumAttrs().KeepDims(true)));
  g(ops::Mean(root.WithOpName("mean"), x, 2));
  g(ops::Max(root.WithOpName("max"), x, {1, 2}));
}

// A two-output op whose second output ("xent:1") feeds other nodes.
void BuildXent(Graph& g) {
  Scope& root = g.root;
  auto logits = g(ops::Placeholder(root.WithOpName("logits"), DT_FLOAT,
                                   Shape::Of({kUnknownDim, 10})));
  auto labels = g(ops::ArgMax(root.WithOpName("labels"), logits, 1,
                              ops::ArgMaxAttrs().OutputType(DT_INT32)));
  auto xent = ops::SparseSoftmaxCrossEntropyWithLogits(root.WithOpName("xent"),
                                                       logits, labels);
  g(xent.operation);
  g(ops::Mean(root.WithOpName("loss"), xent.loss, 0));
  auto grad = g(ops::Identity(root.WithOpName("grad"), xent.backprop));
  g(ops::Mul(root.WithOpName("scaled_grad"), xent.backprop, grad));
}

// Cast, OneHot, ArgMax (int64 default and int32), Equal, Select.
void BuildCastOneHot(Graph& g) {
  Scope& root = g.root;
  auto x = g(ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 5})));
  auto am64 = g(ops::ArgMax(root.WithOpName("argmax"), x, 1));
  auto am = g(ops::Cast(root.WithOpName("argmax_i32"), am64, DT_INT32));
  auto hot = g(ops::OneHot(root.WithOpName("one_hot"), am, 5, 1.0f, 0.0f));
  auto hot_i = g(ops::Cast(root.WithOpName("one_hot_i32"), hot, DT_INT32));
  auto am2 = g(ops::ArgMax(root.WithOpName("argmax2"), hot_i, 1,
                           ops::ArgMaxAttrs().OutputType(DT_INT32)));
  auto same = g(ops::Equal(root.WithOpName("same"), am, am2));
  g(ops::Select(root.WithOpName("pick"), same, am, am2));
  auto pos = g(ops::Greater(root.WithOpName("positive"), x, 0.0f));
  g(ops::SelectV2(root.WithOpName("relu_by_select"), pos, x,
                  g(ops::ZerosLike(root.WithOpName("zeros"), x))));
}

// Resource variables: VarHandleOp, AssignVariableOp under an "init" NoOp,
// ReadVariableOp after it. TensorFlow only imports this one.
void BuildVariables(Graph& g) {
  g.runnable = false;
  Scope& root = g.root;
  auto x = g(ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3})));
  Scope dense = root.NewSubScope("dense");
  auto w = g(
      ops::VarHandleOp(dense.WithOpName("kernel"), DT_FLOAT, Shape::Of({3, 2}),
                       ops::VarHandleOpAttrs().SharedName("dense/kernel")));
  auto w0 = g(ops::Const(dense.WithOpName("kernel/InitialValue"),
                         {1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, Shape::Of({3, 2})));
  Operation assign =
      g(ops::AssignVariableOp(dense.WithOpName("kernel/Assign"), w, w0));
  Operation init = g(ops::NoOp(root.WithOpName("init").WithControlDependencies(
      std::vector<Operation>{assign})));
  auto read = g(ops::ReadVariableOp(
      dense.WithOpName("kernel/Read")
          .WithControlDependencies(std::vector<Operation>{init}),
      w, DT_FLOAT));
  g(ops::MatMul(dense.WithOpName("MatMul"), x, read));
}

// JSON string literal; node names are plain, but quote what JSON requires.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// `g`'s entry of kiln_graphs.json.
std::string GraphJson(const Graph& g) {
  std::ostringstream out;
  out << "  {\"name\": " << Quote(g.name) << ", \"file\": " << Quote(g.file())
      << ", \"runnable\": " << (g.runnable ? "true" : "false")
      << ", \"tensors\": {";
  const char* sep = "\n";
  for (const Operation& op : g.ops) {
    for (int i = 0; i < op.num_outputs(); ++i) {
      const kiln::TensorType& t = op.output_types()[i];
      out << sep << "    " << Quote(op.output(i).name())
          << ": {\"op\": " << Quote(op.op_type())
          << ", \"dtype\": " << static_cast<int>(t.dtype) << ", \"shape\": ";
      if (t.shape.unknown_rank) {
        out << "null";
      } else {
        out << "[";
        for (size_t d = 0; d < t.shape.dims.size(); ++d) {
          out << (d ? ", " : "") << t.shape.dims[d];
        }
        out << "]";
      }
      out << "}";
      sep = ",\n";
    }
  }
  out << "}}";
  return out.str();
}

kiln::Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(bytes.data(), bytes.size())) {
    return kiln::Internal("cannot write " + path);
  }
  return kiln::OkStatus();
}

kiln::Status WriteGraph(const Graph& g, const std::string& dir) {
  tensorflow::GraphDef graph;
  KILN_RETURN_IF_ERROR(g.root.ToGraphDef(&graph));
  std::string bytes;
  const bool ok =
      g.as_text ? google::protobuf::TextFormat::PrintToString(graph, &bytes)
                : graph.SerializeToString(&bytes);
  if (!ok) return kiln::Internal("cannot serialize graph " + g.name);
  KILN_RETURN_IF_ERROR(WriteFile(dir + "/" + g.file(), bytes));
  std::cout << "kiln_write_graphs: " << g.file() << ": " << graph.node_size()
            << " nodes\n";
  return kiln::OkStatus();
}

kiln::Status WriteAll(const std::string& dir) {
  struct Builder {
    const char* name;
    void (*build)(Graph&);
    bool as_text;
  };
  const Builder builders[] = {
      {"mlp", BuildMlp, false},
      {"mlp_text", BuildMlp, true},
      {"control_deps", BuildControlDeps, false},
      {"concat_pack", BuildConcatPack, false},
      {"shapes", BuildShapes, false},
      {"xent", BuildXent, false},
      {"cast_one_hot", BuildCastOneHot, false},
      {"variables", BuildVariables, false},
  };
  std::string manifest = "{\"graphs\": [\n";
  for (const Builder& b : builders) {
    Graph g;
    g.name = b.name;
    g.as_text = b.as_text;
    b.build(g);
    if (!g.root.ok()) {
      return kiln::Internal("graph " + g.name + ": " +
                            g.root.status().message());
    }
    KILN_RETURN_IF_ERROR(WriteGraph(g, dir));
    manifest += (&b == builders ? "" : ",\n") + GraphJson(g);
  }
  manifest += "\n]}\n";
  return WriteFile(dir + "/kiln_graphs.json", manifest);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: kiln_write_graphs OUT_DIR\n";
    return 2;
  }
  kiln::Status status = WriteAll(argv[1]);
  if (!status.ok()) {
    std::cerr << "kiln_write_graphs: " << status << "\n";
    return 1;
  }
  return 0;
}
