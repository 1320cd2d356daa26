// kiln-dump: shows what a GraphDef, SavedModel or kiln .mlir file holds.
//
//   kiln-dump [--format=text|json|dot|mlir|pbtxt] [--node NAME]
//             [--function NAME] PATH
//
// Every problem is one line on stderr, "kiln-dump: error: <path>: <why>",
// and exit status 2.
#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "compiler/CompileStages.h"
#include "runtime/graph/function_def_graph.h"
#include "runtime/graph/graph_shapes.h"
#include "runtime/graph/graph_view.h"
#include "tools/kiln-dump/formats.h"
#include "tools/kiln-dump/graph_loader.h"

namespace kiln::dump {
namespace {

constexpr int kExitError = 2;

constexpr char kUsage[] =
    "usage: kiln-dump [--format=text|json|dot|mlir|pbtxt] [--node NAME]\n"
    "                 [--function NAME] [--after=cleanup|fusion|lowering|llvm]"
    " PATH\n"
    "\n"
    "PATH is a GraphDef (.pb binary or .pbtxt text, told apart by content), a\n"
    "SavedModel directory, or a .mlir file of the kiln dialect.\n"
    "\n"
    "  --format=F   text (default): nodes with inferred dtypes and shapes, op\n"
    "               histogram, variables, constants, functions, signatures;\n"
    "               json: the same as one object; dot: Graphviz;\n"
    "               mlir: the kiln dialect; pbtxt: GraphDef text format\n"
    "  --node NAME  one node in full: attrs, inputs, outputs, consumers\n"
    "  --function NAME  the body of library function NAME instead of the\n"
    "               graph (its arguments as Placeholders), in any format;\n"
    "               --function='*' prints every function's body\n"
    "  --after=S    the module after compiler stage S: cleanup (prune to\n"
    "               fetches, fold, canonicalize, CSE, refine shapes), fusion\n"
    "               (matmul+bias+activation, kiln.fusion clusters), lowering\n"
    "               (kernels outlined and in linalg, launches in the graph),\n"
    "               llvm (kernels in the LLVM dialect)\n"
    "  --lint       a pre-flight check: what runs each node (generated\n"
    "               kernel, oneDNN, runtime, host control flow) and what\n"
    "               cannot compile, ops without gradients, dims known only\n"
    "               at run time, the projected code and weights sizes;\n"
    "               exits 1 when something cannot compile\n"
    "  --target=CPU with --lint: the CPU to generate code for (host)\n";

struct Options {
  std::string format = "text";
  std::optional<std::string> node;
  std::optional<std::string> after;
  std::optional<std::string> function;
  std::string path;
  bool help = false;
  bool lint = false;
  std::string target = "host";
  // Set by --lint when something cannot compile: the exit status is 1.
  mutable bool lint_failed = false;
};

// "--name=value" or "--name value"; advances `i` past a separate value.
std::optional<std::string> FlagValue(const std::string& name, int argc,
                                     char** argv, int& i, Status& error) {
  const std::string arg = argv[i];
  if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
  if (arg != name) return std::nullopt;
  if (i + 1 >= argc) {
    error = InvalidArgument(name + " needs a value");
    return std::nullopt;
  }
  return std::string(argv[++i]);
}

Status CheckOptions(const Options& o, int num_paths) {
  static const char* kFormats[] = {"text", "json", "dot", "mlir", "pbtxt"};
  if (std::find(std::begin(kFormats), std::end(kFormats), o.format) ==
      std::end(kFormats)) {
    return InvalidArgument("unknown format '" + o.format +
                           "' (expected text, json, dot, mlir or pbtxt)");
  }
  if (o.node && o.format != "text") {
    return InvalidArgument("--node shows one node as text; drop --format=" +
                           o.format);
  }
  const std::vector<std::string>& stages = compiler::compileStageNames();
  if (o.after &&
      std::find(stages.begin(), stages.end(), *o.after) == stages.end()) {
    return InvalidArgument("--after=" + *o.after +
                           ": unknown stage (known: cleanup, fusion, "
                           "lowering, llvm)");
  }
  if (o.after && (o.node || (o.format != "text" && o.format != "mlir"))) {
    return InvalidArgument(
        "--after prints the kiln dialect; drop --node and "
        "--format=" +
        o.format);
  }
  if (num_paths != 1) {
    return InvalidArgument(num_paths == 0 ? "no PATH given"
                                          : "expected one PATH, got " +
                                                std::to_string(num_paths));
  }
  return OkStatus();
}

StatusOr<Options> ParseArgs(int argc, char** argv) {
  Options o;
  int num_paths = 0;
  bool positional_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    Status error;
    if (positional_only || arg.empty() || arg[0] != '-' || arg == "-") {
      o.path = arg;
      ++num_paths;
    } else if (arg == "--") {
      positional_only = true;
    } else if (arg == "-h" || arg == "--help") {
      o.help = true;
    } else if (arg == "--lint") {
      o.lint = true;
    } else if (auto v = FlagValue("--target", argc, argv, i, error)) {
      o.target = *v;
    } else if (auto v = FlagValue("--format", argc, argv, i, error)) {
      o.format = *v;
    } else if (auto v = FlagValue("--node", argc, argv, i, error)) {
      o.node = *v;
    } else if (auto v = FlagValue("--after", argc, argv, i, error)) {
      o.after = *v;
    } else if (auto v = FlagValue("--function", argc, argv, i, error)) {
      o.function = *v;
    } else if (error.ok()) {
      return InvalidArgument("unknown option '" + arg +
                             "' (see kiln-dump --help)");
    }
    if (!error.ok()) return error;
  }
  if (o.help) return o;
  KILN_RETURN_IF_ERROR(CheckOptions(o, num_paths));
  return o;
}

StatusOr<std::string> Render(const Options& o, const DumpInput& in) {
  if (o.lint) {
    bool compilable = true;
    StatusOr<std::string> text = FormatLint(in, o.target, &compilable);
    o.lint_failed |= !compilable;
    return text;
  }
  if (o.node) return FormatNodeDetail(in, *o.node);
  if (o.after) return FormatMlirAfter(in, *o.after);
  if (o.format == "json") return FormatJson(in);
  if (o.format == "dot") return FormatDot(in);
  if (o.format == "mlir") return FormatMlir(in);
  if (o.format == "pbtxt") return FormatPbtxt(in);
  return FormatText(in);
}

// Checks (names, edges, cycles, shapes) and renders one graph.
StatusOr<std::string> RenderGraph(const Options& o, const LoadedGraph& loaded) {
  KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(loaded.graph));
  KILN_ASSIGN_OR_RETURN(GraphShapes shapes, InferGraphShapes(view));
  return Render(o, DumpInput{o.path, &loaded, &view, &shapes});
}

// The graph, or with --function the bodies of the library functions asked
// for, each rendered as a graph of its own (the library kept for calls).
StatusOr<std::string> Dump(const Options& o) {
  KILN_ASSIGN_OR_RETURN(LoadedGraph loaded, LoadGraph(o.path));
  if (!o.function) return RenderGraph(o, loaded);
  std::string out;
  bool found = false;
  for (const tensorflow::FunctionDef& f : loaded.graph.library().function()) {
    const std::string& name = f.signature().name();
    if (*o.function != "*" && *o.function != name) continue;
    found = true;
    StatusOr<FunctionBody> body = FunctionDefToGraph(f);
    if (!body.ok()) {
      return Status(body.status().code(),
                    "function '" + name + "': " + body.status().message());
    }
    LoadedGraph fn = loaded;
    fn.graph = body->graph;
    *fn.graph.mutable_library() = loaded.graph.library();
    *fn.graph.mutable_versions() = loaded.graph.versions();
    StatusOr<std::string> text = RenderGraph(o, fn);
    if (!text.ok()) {
      return Status(text.status().code(),
                    "function '" + name + "': " + text.status().message());
    }
    if (o.format == "text")
      out += "Function " + name + " returns " + [&] {
        std::string r;
        for (const std::string& fetch : body->fetches)
          r += (r.empty() ? "" : ", ") + fetch;
        return r.empty() ? std::string("nothing") : r;
      }() + "\n";
    out += *text;
  }
  if (!found) {
    return NotFound("no function '" + *o.function + "' in the graph's library");
  }
  return out;
}

int Fail(const std::string& where, const std::string& message) {
  std::string line = "kiln-dump: error: " + where + message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::fprintf(stderr, "%s\n", line.c_str());
  return kExitError;
}

// Protobuf logs some parse problems itself; kiln-dump reports its own.
void DiscardProtobufLog(google::protobuf::LogLevel, const char*, int,
                        const std::string&) {}

int Main(int argc, char** argv) {
  google::protobuf::SetLogHandler(&DiscardProtobufLog);
  StatusOr<Options> options = ParseArgs(argc, argv);
  if (!options.ok()) return Fail("", options.status().message());
  if (options->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  StatusOr<std::string> out = Dump(*options);
  if (!out.ok()) return Fail(options->path + ": ", out.status().message());
  std::fwrite(out->data(), 1, out->size(), stdout);
  if (std::fflush(stdout) != 0)
    return Fail(options->path + ": ", "cannot write output");
  return options->lint_failed ? 1 : 0;
}

}  // namespace
}  // namespace kiln::dump

int main(int argc, char** argv) {
  try {
    return kiln::dump::Main(argc, argv);
  } catch (const std::exception& e) {
    return kiln::dump::Fail("", std::string("internal error: ") + e.what());
  } catch (...) {
    return kiln::dump::Fail("", "internal error");
  }
}
