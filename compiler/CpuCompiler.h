//===- CpuCompiler.h - GraphDef to a runnable Executable --------*- C++ -*-===//
//
// The compiler behind a Session on the CPU: imports the graph with its feeds
// and fetches, runs cleanup, fusion and lowering, generates the kernels'
// machine code (LLVM, loaded with ORC through an object file, the path AOT
// uses), and returns the runtime's Executable.
//
//   auto compiler = kiln::compiler::newCpuCompiler();
//   KILN_ASSIGN_OR_RETURN(auto exe, compiler->Compile(graph, request));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CPUCOMPILER_H
#define KILN_COMPILER_CPUCOMPILER_H

#include <memory>
#include <optional>
#include <string>

#include "compiler/Codegen/Codegen.h"
#include "proto/kiln/plan.pb.h"
#include "runtime/exec/graph_compiler.h"

namespace kiln::compiler {

struct CpuCompilerOptions {
  /// "host", or an LLVM CPU name ("x86-64", "skylake-avx512").
  std::string cpu = "host";
};

std::shared_ptr<kiln::GraphCompiler>
newCpuCompiler(const CpuCompilerOptions &options = {});

/// A graph compiled but not loaded: the call plan and, when the plan has
/// kernels, their object code (what AOT links into a bundle).
struct CompiledGraph {
  kiln::Plan plan;
  std::optional<ObjectCode> object;
};

/// Compiles `graph` for `request` on `options.cpu` without loading the code.
kiln::StatusOr<CompiledGraph>
compileGraph(const tensorflow::GraphDef &graph,
             const kiln::CompileRequest &request,
             const CpuCompilerOptions &options = {});

} // namespace kiln::compiler

#endif // KILN_COMPILER_CPUCOMPILER_H
