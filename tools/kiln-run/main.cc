// kiln-run: runs a compiled bundle (or, in the build that links the
// compiler, a GraphDef) on .npy inputs.
//
//   kiln-run out/FashionMlp.kbundle --input x=images.npy --output-dir out/
//   kiln-run model.pb --input x=images.npy --fetch probs --benchmark 1000
//
// Prints each output's name, dtype, shape and first values, or writes
// NAME.npy files into --output-dir; --benchmark N runs N more times and
// prints latency percentiles. kiln-run-rt is the same tool linked with the
// runtime library only (bundles only, no MLIR or LLVM).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"
#include "runtime/graph/op_spec.h"
#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"
#include "tools/common/tool_main.h"

#ifdef KILN_RUN_WITH_COMPILER
#include "runtime/exec/graph_compiler.h"
#include "tools/kiln-dump/graph_loader.h"
#endif

namespace {

using namespace kiln;

constexpr char kUsage[] =
    "usage: kiln-run MODEL --input NAME=FILE.npy... [--fetch NAME...]\n"
    "                [--output-dir DIR] [--benchmark N]\n"
    "\n"
    "MODEL is a bundle from kiln-compile (.kbundle) or, for kiln-run (not\n"
    "kiln-run-rt), a GraphDef; a GraphDef needs --fetch.\n";

struct Args {
  std::string model, output_dir;
  std::vector<std::pair<std::string, std::string>> inputs;  // name, file
  std::vector<std::string> fetches;
  int benchmark = 0;
};

std::string TensorName(const std::string& name) {
  const size_t colon = name.rfind(':');
  if (colon != std::string::npos && colon + 1 < name.size() &&
      name.find_first_not_of("0123456789", colon + 1) == std::string::npos)
    return name;
  return name + ":0";
}

StatusOr<Args> ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--input" && has_value) {
      const std::string spec = argv[++i];
      const size_t eq = spec.find('=');
      if (eq == std::string::npos || eq == 0)
        return InvalidArgument("--input '" + spec + "' is not NAME=FILE.npy");
      args.inputs.emplace_back(TensorName(spec.substr(0, eq)),
                               spec.substr(eq + 1));
    } else if (arg == "--fetch" && has_value) {
      args.fetches.push_back(TensorName(argv[++i]));
    } else if (arg == "--output-dir" && has_value) {
      args.output_dir = argv[++i];
    } else if (arg == "--benchmark" && has_value) {
      args.benchmark = std::atoi(argv[++i]);
      if (args.benchmark <= 0)
        return InvalidArgument("--benchmark needs a positive count");
    } else if (arg[0] == '-') {
      return InvalidArgument("unknown flag " + arg);
    } else if (args.model.empty()) {
      args.model = arg;
    } else {
      return InvalidArgument("more than one MODEL given");
    }
  }
  if (args.model.empty()) return InvalidArgument("no MODEL given");
  return args;
}

// What runs: an Executable and the names of its inputs and outputs.
struct Runnable {
  std::shared_ptr<const Executable> executable;
  std::vector<std::string> inputs, outputs;
  std::shared_ptr<VariableStore> variables = std::make_shared<VariableStore>();
};

bool IsBundle(const std::string& bytes) {
  // Field 1 (format), a string starting "kiln.bundle.".
  return bytes.size() > 14 && bytes[0] == 0x0a &&
         bytes.compare(2, 12, "kiln.bundle.") == 0;
}

StatusOr<Runnable> FromBundle(const std::string& path,
                              const std::string& bytes) {
  const size_t slash = path.rfind('/');
  KILN_ASSIGN_OR_RETURN(
      LoadedBundle bundle,
      LoadBundleFromBytes(
          bytes, path,
          slash == std::string::npos ? "." : path.substr(0, slash)));
  Runnable runnable;
  runnable.executable = bundle.executable;
  runnable.variables = bundle.variables;
  for (const BundleTensor& t : bundle.signature.inputs())
    runnable.inputs.push_back(t.name());
  for (const BundleTensor& t : bundle.signature.outputs())
    runnable.outputs.push_back(t.name());
  return runnable;
}

StatusOr<Runnable> FromGraph(const Args& args,
                             const std::vector<Tensor>& feeds) {
#ifdef KILN_RUN_WITH_COMPILER
  KILN_ASSIGN_OR_RETURN(dump::LoadedGraph loaded, dump::LoadGraph(args.model));
  if (args.fetches.empty())
    return InvalidArgument("a GraphDef needs --fetch NAME");
  std::shared_ptr<GraphCompiler> compiler = DefaultGraphCompiler();
  if (!compiler) return FailedPrecondition("no compiler linked");
  CompileRequest request;
  for (size_t i = 0; i < args.inputs.size(); ++i)
    request.feeds.push_back({args.inputs[i].first, feeds[i].dtype(),
                             std::vector<int64_t>(feeds[i].dims(), -1)});
  request.fetches = args.fetches;
  Runnable runnable;
  KILN_ASSIGN_OR_RETURN(runnable.executable,
                        compiler->Compile(loaded.graph, request));
  for (const PlanFeed& feed : runnable.executable->plan().feeds())
    runnable.inputs.push_back(feed.name());
  runnable.outputs = args.fetches;
  return runnable;
#else
  return InvalidArgument(
      "not a Kiln bundle; kiln-run-rt runs bundles only (compile the graph "
      "with kiln-compile, or use kiln-run)");
#endif
}

// The inputs in the order `names` wants them.
StatusOr<std::vector<Tensor>> Order(const Args& args,
                                    const std::vector<Tensor>& loaded,
                                    const std::vector<std::string>& names) {
  std::vector<Tensor> ordered;
  for (const std::string& name : names) {
    size_t i = 0;
    while (i < args.inputs.size() && args.inputs[i].first != name) ++i;
    if (i == args.inputs.size())
      return InvalidArgument("the model needs input '" + name +
                             "': give it with --input " + name + "=FILE.npy");
    ordered.push_back(loaded[i]);
  }
  if (names.size() != args.inputs.size())
    return InvalidArgument("the model takes " + std::to_string(names.size()) +
                           " inputs; " + std::to_string(args.inputs.size()) +
                           " were given");
  return ordered;
}

void Print(const std::string& name, const Tensor& t) {
  std::string shape;
  for (int d = 0; d < t.dims(); ++d)
    shape += (d ? "," : "") + std::to_string(t.dim_size(d));
  std::printf("%s: %s[%s]", name.c_str(), DataTypeName(t.dtype()).c_str(),
              shape.c_str());
  if (t.dtype() == tensorflow::DT_FLOAT) {
    const int64_t n = std::min<int64_t>(t.NumElements(), 10);
    for (int64_t i = 0; i < n; ++i)
      std::printf("%s%.6g", i ? " " : " = ", t.flat<float>()[i]);
    if (t.NumElements() > n) std::printf(" ...");
  }
  std::printf("\n");
}

void Benchmark(Executor& executor, const std::vector<Tensor>& feeds,
               VariableStore& variables, int n) {
  std::vector<double> us;
  std::vector<Tensor> out;
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    (void)executor.Run(feeds, &variables, &out);
    us.push_back(std::chrono::duration<double, std::micro>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))];
  };
  std::printf(
      "latency over %d runs (us): min %.1f p50 %.1f p90 %.1f "
      "p99 %.1f max %.1f\n",
      n, us.front(), at(0.5), at(0.9), at(0.99), us.back());
}

Status RunModel(const Args& args) {
  std::vector<Tensor> loaded;
  for (const auto& [name, file] : args.inputs) {
    KILN_ASSIGN_OR_RETURN(Tensor t, ReadNpy(file));
    loaded.push_back(std::move(t));
  }
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(args.model));
  Runnable runnable;
  if (IsBundle(bytes)) {
    KILN_ASSIGN_OR_RETURN(runnable, FromBundle(args.model, bytes));
  } else {
    KILN_ASSIGN_OR_RETURN(runnable, FromGraph(args, loaded));
  }
  KILN_ASSIGN_OR_RETURN(std::vector<Tensor> feeds,
                        Order(args, loaded, runnable.inputs));
  Executor executor(runnable.executable);
  std::vector<Tensor> outputs;
  KILN_RETURN_IF_ERROR(executor.Run(feeds, runnable.variables.get(), &outputs));
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string name = runnable.outputs[i];
    if (args.output_dir.empty()) {
      Print(name, outputs[i]);
      continue;
    }
    std::replace(name.begin(), name.end(), '/', '_');
    std::replace(name.begin(), name.end(), ':', '_');
    KILN_RETURN_IF_ERROR(RecursivelyCreateDir(args.output_dir));
    KILN_RETURN_IF_ERROR(
        WriteNpy(args.output_dir + "/" + name + ".npy", outputs[i]));
  }
  if (args.benchmark > 0)
    Benchmark(executor, feeds, *runnable.variables, args.benchmark);
  return OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return kiln::ToolMain<Args>(argc, argv, "kiln-run", kUsage, ParseArgs,
                              RunModel);
}
