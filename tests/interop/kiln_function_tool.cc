// kiln_function_tool: the Kiln side of interop.functions_cross.
//
//   kiln_function_tool run GRAPH.pb OUT_DIR FETCH,... NAME=IN.npy ...
//       runs a GraphDef TensorFlow wrote (tf.function graphs, nested calls)
//       in a Session; writes each fetch as OUT_DIR/<i>.npy; a "^name" in
//       the fetch list is a target run first, alone (an initializer)
//   kiln_function_tool export OUT_DIR X.npy
//       traces nested kiln::functions with a captured variable:
//         square(x) = x * x; affine(x) = square(x) @ w + b; model(x) =
//         affine(x) - 0.5
//       writes OUT_DIR/graph.pb (Placeholder "x", a call of model, the
//       library, an "init" target assigning w and b), OUT_DIR/w.npy,
//       OUT_DIR/b.npy and Kiln's result OUT_DIR/kiln.npy for X.npy, and
//       prints the fetch name
//   kiln_function_tool export_cf OUT_DIR
//       writes OUT_DIR/graph.pb: Placeholders "x" (float [?,3]) and "n"
//       (int32 scalar), a variable "w" (float [3], assigned by target
//       "init" to the values in OUT_DIR/w.npy); y = cond(sum(x) > 0,
//       x * 2 + w, x - 1); then n trips of y = y * 1.5 + 1 (while_loop),
//       returned as "result"
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/function/control_flow.h"
#include "frontend/function/function.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/variable.h"
#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"
#include "tests/interop/tool_util.h"

namespace kiln {
namespace {

using interop::Split;

Status Run(const std::string& graph_path, const std::string& out_dir,
           const std::string& fetch_list, int argc, char** argv) {
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(graph_path));
  tensorflow::GraphDef graph;
  if (!graph.ParseFromString(bytes))
    return DataLoss(graph_path + ": not a GraphDef");
  KILN_ASSIGN_OR_RETURN(std::unique_ptr<Session> session,
                        Session::Create(graph));
  Session::Feeds feeds;
  for (int i = 0; i < argc; ++i) {
    const std::vector<std::string> kv = Split(argv[i], '=');
    if (kv.size() != 2)
      return InvalidArgument(std::string("bad feed ") + argv[i]);
    KILN_ASSIGN_OR_RETURN(Tensor t, ReadNpy(kv[1]));
    feeds.emplace_back(kv[0], t);
  }
  // "^name" entries are targets run first, alone (initializers).
  std::vector<std::string> fetches;
  std::vector<Tensor> out;
  for (const std::string& f : Split(fetch_list, ',')) {
    if (f.empty() || f[0] != '^') {
      fetches.push_back(f);
      continue;
    }
    KILN_RETURN_IF_ERROR(session->Run({}, {}, {f.substr(1)}, &out));
  }
  KILN_RETURN_IF_ERROR(session->Run(feeds, fetches, &out));
  for (size_t i = 0; i < out.size(); ++i) {
    KILN_RETURN_IF_ERROR(
        WriteNpy(out_dir + "/" + std::to_string(i) + ".npy", out[i]));
  }
  return OkStatus();
}

Status Export(const std::string& out_dir, const std::string& x_path) {
  Scope vars = Scope::NewRootScope();
  KILN_ASSIGN_OR_RETURN(
      Variable w,
      Variable::Create(vars.WithOpName("w"), DT_FLOAT, Shape::Of({3, 2}),
                       initializers::GlorotUniform(), 5));
  KILN_ASSIGN_OR_RETURN(
      Variable b,
      Variable::Create(vars.WithOpName("b"), DT_FLOAT, Shape::Of({2}),
                       initializers::RandomNormal(0, 1), 6));
  FunctionOptions options;
  options.variables = std::make_shared<VariableStore>();
  w.Initialize(*options.variables);
  b.Initialize(*options.variables);
  Function square = function("square", [](const Scope& s, const Output& x) {
    return ops::Mul(s, x, x);
  });
  Function affine = function(
      "affine",
      [&](const Scope& s, const Output& x) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(OutputList sq, square.Call(s, {x}));
        return OutputList{
            ops::AddV2(s, ops::MatMul(s, sq[0], w.Read(s)), b.Read(s))};
      },
      options);
  Function model = function(
      "model",
      [&](const Scope& s, const Output& x) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(OutputList y, affine.Call(s, {x}));
        return OutputList{ops::Sub(s, y[0], 0.5f)};
      },
      options);
  KILN_ASSIGN_OR_RETURN(Tensor x, ReadNpy(x_path));
  KILN_ASSIGN_OR_RETURN(std::vector<Tensor> y, model({x}));
  KILN_RETURN_IF_ERROR(WriteNpy(out_dir + "/kiln.npy", y[0]));
  KILN_RETURN_IF_ERROR(
      WriteNpy(out_dir + "/w.npy", options.variables->Read("w").value()));
  KILN_RETURN_IF_ERROR(
      WriteNpy(out_dir + "/b.npy", options.variables->Read("b").value()));
  Scope root = Scope::NewRootScope();
  Output xp = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                               Shape::Of({kUnknownDim, 3}));
  KILN_ASSIGN_OR_RETURN(OutputList out, model.Call(root, {xp}));
  // Initial values for TensorFlow's graph mode: assignments of w and b to
  // their current values, grouped under "init".
  std::vector<Operation> inits;
  for (const char* name : {"w", "b"}) {
    Tensor value = options.variables->Read(name).value();
    Output handle =
        ops::VarHandleOp(root.WithOpName(std::string(name) + "_init_handle"),
                         DT_FLOAT, Shape::Of(value.shape().dim_sizes()),
                         ops::VarHandleOpAttrs().SharedName(name));
    tensorflow::TensorProto proto;
    KILN_RETURN_IF_ERROR(value.ToProto(&proto));
    inits.push_back(
        ops::AssignVariableOp(root, handle, ops::ConstFromProto(root, proto)));
  }
  ops::NoOp(root.WithOpName("init").WithControlDependencies(inits));
  tensorflow::GraphDef graph;
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&graph));
  KILN_RETURN_IF_ERROR(
      WriteFileAtomically(out_dir + "/graph.pb", graph.SerializeAsString()));
  std::printf("%s\n", out[0].name().c_str());
  return OkStatus();
}

Status ExportControlFlow(const std::string& out_dir) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3}));
  Output n = ops::Placeholder(root.WithOpName("n"), DT_INT32, Shape::Scalar());
  Output positive = ops::Greater(
      root, ops::Sum(root, x, ops::Const(root, {0, 1}, Shape::Of({2}))), 0.0f);
  KILN_ASSIGN_OR_RETURN(
      Variable w,
      Variable::Create(root.WithOpName("w"), DT_FLOAT, Shape::Of({3}),
                       initializers::RandomNormal(0, 1), 9));
  w.InitOp(root.WithOpName("init"));
  KILN_RETURN_IF_ERROR(WriteNpy(out_dir + "/w.npy", w.initial_value()));
  KILN_ASSIGN_OR_RETURN(
      OutputList y,
      cond(
          root, positive,
          [&](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
            return OutputList{
                ops::AddV2(s, ops::Mul(s, in[0], 2.0f), w.Read(s))};
          },
          [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
            return OutputList{ops::Sub(s, in[0], 1.0f)};
          },
          {x}));
  KILN_ASSIGN_OR_RETURN(
      OutputList loop,
      while_loop(
          root,
          [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
            return ops::Less(s, v[0], v[1]);
          },
          [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
            return OutputList{ops::AddV2(s, v[0], 1), v[1],
                              ops::AddV2(s, ops::Mul(s, v[2], 1.5f), 1.0f)};
          },
          {ops::Const(root, 0), n, y[0]}));
  ops::Identity(root.WithOpName("result"), loop[2]);
  tensorflow::GraphDef graph;
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&graph));
  return WriteFileAtomically(out_dir + "/graph.pb", graph.SerializeAsString());
}

Status Main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "run") {
    return Run(argv[2], argv[3], argv[4], argc - 5, argv + 5);
  }
  if (argc == 4 && std::string(argv[1]) == "export") {
    return Export(argv[2], argv[3]);
  }
  if (argc == 3 && std::string(argv[1]) == "export_cf") {
    return ExportControlFlow(argv[2]);
  }
  return InvalidArgument("usage: see the file's comment");
}

}  // namespace
}  // namespace kiln

int main(int argc, char** argv) {
  kiln::Status s = kiln::Main(argc, argv);
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_function_tool: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
