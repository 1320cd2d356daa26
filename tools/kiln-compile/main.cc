// kiln-compile: a graph compiled ahead of time into a bundle that the
// runtime library loads without a compiler.
//
//   kiln-compile model.pb --feed x:float32[?,784] --fetch probs
//       --target=host --name=FashionMlp -o out/
//
// writes out/FashionMlp.kbundle (plan, kernels as a shared object,
// signature, target; weights inside, or with --weights=sidecar in
// out/FashionMlp.weights), out/FashionMlp.so (the kernels' shared object,
// also inside the bundle), and for C++ programs out/FashionMlp.h (a class
// with typed accessors, class_writer.h) with out/libFashionMlp.a and
// out/FashionMlp.o (the embedded bundle the class loads; link it with
// Kiln::runtime). Every file is written to a
// temporary name and renamed, so a failed run leaves no partial file.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/Aot/BuildBundle.h"
#include "compiler/Aot/SystemToolchain.h"
#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/file_util.h"
#include "runtime/io/saved_model_reader.h"
#include "tools/common/tool_main.h"
#include "tools/kiln-compile/class_writer.h"
#include "tools/kiln-compile/feed_spec.h"
#include "tools/kiln-dump/graph_loader.h"

namespace {

using namespace kiln;

constexpr char kUsage[] =
    "usage: kiln-compile MODEL --feed NAME:DTYPE[DIMS]... --fetch NAME...\n"
    "                    [--target=host|x86-64|x86-64-v3|x86-64-avx512|CPU|\n"
    "                              nvptx-sm90|nvptx-smNN]\n"
    "                    [--name=NAME] [--weights=embedded|sidecar]\n"
    "                    [--run NODE...] [--init NODE...]\n"
    "                    [--variables CHECKPOINT] [--no-graph] -o DIR\n"
    "\n"
    "MODEL is a GraphDef (.pb or .pbtxt) or a SavedModel directory; for a\n"
    "SavedModel, feeds and fetches default to its signature (--signature,\n"
    "serving_default) and its variables start from its checkpoint.\n"
    "  --feed    an input: NAME:DTYPE[DIMS], dims ? or -1 for sizes known\n"
    "            at run time (x:float32[?,784])\n"
    "  --fetch   an output tensor (probs or probs:0)\n"
    "  --run     a node every run executes for its effect (a training\n"
    "            step's update op); the bundle then owns the variables\n"
    "  --init    a node run once at compile time to give the variables\n"
    "            their starting values (TensorFlow's init op)\n"
    "  --variables  a TensorFlow checkpoint prefix whose tensors (by\n"
    "            variable name) override those values\n"
    "  --target  the CPU: host (this machine's), x86-64, x86-64-v3 (AVX2),\n"
    "            x86-64-avx512 (x86-64-v4), or an LLVM CPU name; nvptx-sm90\n"
    "            (or nvptx-smNN): what an NVIDIA GPU runs as PTX for that\n"
    "            chip, launched by host code for any x86-64\n"
    "  --weights embedded (default) or sidecar (NAME.weights)\n"
    "  --no-graph  leave the source graph out of the bundle\n"
    "Writes DIR/NAME.kbundle, DIR/NAME.so (its kernels), and DIR/NAME.h with\n"
    "DIR/libNAME.a and DIR/NAME.o (a C++ class over the embedded bundle).\n";

struct Args {
  std::string model, out, name = "model", target = "host";
  std::vector<FeedSpec> feeds;
  std::vector<std::string> fetches, run, init;
  std::string checkpoint, signature = "serving_default";
  bool sidecar = false, keep_graph = true;
};

// "--flag=value" or "--flag value"; advances `i` past a separate value.
bool FlagValue(int argc, char** argv, int& i, const std::string& flag,
               std::string* value) {
  const std::string arg = argv[i];
  if (arg.rfind(flag + "=", 0) == 0) {
    *value = arg.substr(flag.size() + 1);
    return true;
  }
  if (arg == flag && i + 1 < argc) {
    *value = argv[++i];
    return true;
  }
  return false;
}

StatusOr<Args> ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string value;
    if (FlagValue(argc, argv, i, "--feed", &value)) {
      KILN_ASSIGN_OR_RETURN(FeedSpec feed, aot::ParseFeedSpec(value));
      args.feeds.push_back(feed);
    } else if (FlagValue(argc, argv, i, "--fetch", &value)) {
      args.fetches.push_back(aot::TensorName(value));
    } else if (FlagValue(argc, argv, i, "--run", &value)) {
      args.run.push_back(value);
    } else if (FlagValue(argc, argv, i, "--init", &value)) {
      args.init.push_back(value);
    } else if (FlagValue(argc, argv, i, "--signature", &value)) {
      args.signature = value;
    } else if (FlagValue(argc, argv, i, "--variables", &value)) {
      args.checkpoint = value;
    } else if (FlagValue(argc, argv, i, "--target", &value)) {
      args.target = value;
    } else if (FlagValue(argc, argv, i, "--name", &value)) {
      args.name = value;
    } else if (FlagValue(argc, argv, i, "--weights", &value)) {
      if (value != "embedded" && value != "sidecar")
        return InvalidArgument("--weights must be embedded or sidecar");
      args.sidecar = value == "sidecar";
    } else if (FlagValue(argc, argv, i, "-o", &value)) {
      args.out = value;
    } else if (std::strcmp(argv[i], "--no-graph") == 0) {
      args.keep_graph = false;
    } else if (argv[i][0] == '-') {
      return InvalidArgument(std::string("unknown flag ") + argv[i]);
    } else if (args.model.empty()) {
      args.model = argv[i];
    } else {
      return InvalidArgument("more than one MODEL given");
    }
  }
  if (args.model.empty() || args.out.empty())
    return InvalidArgument("MODEL and -o are required");
  KILN_RETURN_IF_ERROR(aot::CheckClassName(args.name));
  return args;
}

// kiln-compile's target names to LLVM CPU names; a GPU target's host code
// is for any x86-64.
StatusOr<std::string> CpuFor(const std::string& target) {
  if (target == "x86-64-avx512") return std::string("x86-64-v4");
  if (target.rfind("nvptx-", 0) == 0) return std::string("x86-64");
  return target;
}

// --target=nvptx-smNN: what the GPU runs becomes PTX for sm_NN (sm_90:
// Hopper; an older chip gives PTX that newer GPUs JIT-compile too).
Status SetGpuTarget(const std::string& target, CompileOptions* options) {
  if (target.rfind("nvptx", 0) != 0) return OkStatus();
  const std::string chip = target.substr(target.find('-') + 1);
  if (target.rfind("nvptx-sm", 0) != 0 || chip.size() < 4 ||
      chip.find_first_not_of("0123456789", 2) != std::string::npos) {
    return InvalidArgument("GPU target '" + target +
                           "': expected nvptx-smNN, e.g. nvptx-sm90");
  }
  options->gpu = true;
  options->gpu_chip = "sm_" + chip.substr(2);
  return OkStatus();
}

// A SavedModel's graph, its signature's feeds and fetches where the flags
// give none, and its variables' values.
Status FromSavedModel(const Args& args, tensorflow::GraphDef* graph,
                      CompileRequest* request,
                      compiler::BundleOptions* options) {
  KILN_ASSIGN_OR_RETURN(SavedModel model, ReadSavedModel(args.model));
  *graph = std::move(model.graph);
  for (auto& [name, value] : model.variables)
    options->variableValues[name] = std::move(value);
  auto signature = model.signatures.find(args.signature);
  if (!request->feeds.empty() || !request->fetches.empty()) return OkStatus();
  if (signature == model.signatures.end())
    return InvalidArgument("no signature '" + args.signature +
                           "': give --feed and --fetch");
  for (const auto& [key, info] : signature->second.inputs()) {
    FeedSpec feed{info.name(), info.dtype(), {}};
    for (const auto& dim : info.tensor_shape().dim())
      feed.dims.push_back(dim.size());
    request->feeds.push_back(feed);
  }
  for (const auto& [key, info] : signature->second.outputs())
    request->fetches.push_back(info.name());
  return OkStatus();
}

Status Compile(const Args& args) {
  CompileRequest request;
  request.feeds = args.feeds;
  request.fetches = args.fetches;
  request.targets = args.run;
  compiler::BundleOptions options;
  options.initTargets = args.init;
  tensorflow::GraphDef graph;
  std::error_code ec;
  if (std::filesystem::is_directory(args.model, ec)) {
    KILN_RETURN_IF_ERROR(FromSavedModel(args, &graph, &request, &options));
  } else {
    KILN_ASSIGN_OR_RETURN(dump::LoadedGraph loaded,
                          dump::LoadGraph(args.model));
    graph = std::move(loaded.graph);
  }
  if (request.fetches.empty() && request.targets.empty())
    return InvalidArgument("nothing to compile: give --fetch or --run");
  if (!args.checkpoint.empty()) {
    KILN_ASSIGN_OR_RETURN(CheckpointReader reader,
                          CheckpointReader::Open(args.checkpoint));
    for (const std::string& key : reader.keys()) {
      StatusOr<Tensor> value = reader.ReadTensor(key);
      if (value.ok()) options.variableValues[key] = std::move(*value);
    }
  }
  options.name = args.name;
  KILN_ASSIGN_OR_RETURN(options.cpu, CpuFor(args.target));
  KILN_RETURN_IF_ERROR(SetGpuTarget(args.target, &request.options));
  options.keepGraph = args.keep_graph;
  KILN_ASSIGN_OR_RETURN(Bundle bundle,
                        compiler::buildBundle(graph, request, options));
  KILN_RETURN_IF_ERROR(RecursivelyCreateDir(args.out));
  const std::string stem = args.out + "/" + args.name;
  if (args.sidecar) {
    BundleWeights weights =
        compiler::splitWeights(bundle, args.name + ".weights");
    KILN_RETURN_IF_ERROR(
        WriteFileAtomically(stem + ".weights", weights.SerializeAsString()));
  }
  const std::string bytes = bundle.SerializeAsString();
  // Everything is made before anything is written.
  KILN_ASSIGN_OR_RETURN(std::string header,
                        aot::GenerateHeader(bundle, args.name));
  KILN_ASSIGN_OR_RETURN(
      std::string object,
      compiler::compileC(aot::GenerateBundleSource(bytes, args.name)));
  KILN_ASSIGN_OR_RETURN(std::string library,
                        compiler::archiveObjects({{args.name + ".o", object}}));
  KILN_RETURN_IF_ERROR(WriteFileAtomically(stem + ".kbundle", bytes));
  KILN_RETURN_IF_ERROR(
      WriteFileAtomically(stem + ".so", bundle.shared_object()));
  KILN_RETURN_IF_ERROR(WriteFileAtomically(stem + ".h", header));
  KILN_RETURN_IF_ERROR(WriteFileAtomically(stem + ".o", object));
  KILN_RETURN_IF_ERROR(
      WriteFileAtomically(args.out + "/lib" + args.name + ".a", library));
  std::printf("%s.kbundle: %zu bytes (%d inputs, %d outputs, %s)\n",
              stem.c_str(), bundle.ByteSizeLong(),
              bundle.signature().inputs_size(),
              bundle.signature().outputs_size(), bundle.target().cpu().c_str());
  return OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return kiln::ToolMain<Args>(argc, argv, "kiln-compile", kUsage, ParseArgs,
                              Compile);
}
