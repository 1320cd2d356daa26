//===- Passes.td - Kiln's compiler passes ------------------*- tablegen -*-===//
#ifndef KILN_COMPILER_PASSES_TD
#define KILN_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Cleanup
//===----------------------------------------------------------------------===//

def PruneToFetchesPass : Pass<"kiln-prune-to-fetches", "mlir::func::FuncOp"> {
  let summary = "Keep only the ops the function's results need";
  let description = [{
    TensorFlow's pruning: an op stays when a returned value (a fetch, or a
    target's control token) depends on it through data or control edges;
    every other op goes, stateful ones included, as a Session run never
    executes nodes its fetches and targets do not reach. Arguments stay.
  }];
}

def DecomposeVariableUpdatesPass : Pass<"kiln-decompose-variable-updates",
                                        "mlir::func::FuncOp"> {
  let summary = "Rewrite AssignAdd/SubVariableOp as read, add/sub, assign";
  let description = [{
    kiln.AssignAddVariableOp(%v, %d) becomes
    kiln.AssignVariableOp(%v, kiln.AddV2(kiln.ReadVariableOp(%v), %d))
    (Sub for AssignSubVariableOp), the ops named after the original node
    ("step/AssignAdd/read"). Users of its control token use the new
    assignment's. Ops with control inputs stay (the plan then reports them
    as not supported).
  }];
}

def FoldInferenceBatchNormPass : Pass<"kiln-fold-inference-batch-norm",
                                      "mlir::func::FuncOp"> {
  let summary = "Turn inference batch norms into affine maps, folded into "
                "a preceding convolution";
  let description = [{
    Every f32 NHWC kiln.FusedBatchNormV3 with is_training false, no control
    edges and no reader of its statistics outputs becomes x * a + b with
    a = scale * rsqrt(variance + epsilon) and b = offset - mean * a. When x
    is a Conv2D (NHWC, constant filter, no other reader), the Conv2D is
    rebuilt with its filter multiplied by a (per output channel), so that
    constant folding makes the new filter and the fusion pass one oneDNN
    convolution with the bias b. Runs before constant folding.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

def FoldConstantsPass : Pass<"kiln-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluate ops whose inputs are all constants";
  let description = [{
    An op of the table that is not stateful, whose data operands are all
    kiln.Const and whose results are small (`max-elements`), is evaluated
    with the runtime's reference kernels and replaced by kiln.Const ops at
    its location; its control operands move to the new constants, as
    TensorFlow's constant folding keeps them. Repeats until nothing folds.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", "1 << 20",
           "Largest result (in elements) that is folded">,
  ];
}

def InferShapesPass : Pass<"kiln-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result types with each op's shape function";
  let description = [{
    Walks the function in order and replaces every kiln op's result types
    by the op table's inference where that is more precise (a `?` dim or an
    unranked tensor becomes known), then updates the function's result
    types. Types are never made less precise.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

def FunctionalControlFlowToScfPass : Pass<"kiln-functional-control-flow-to-scf",
                                          "mlir::ModuleOp"> {
  let summary = "Inline TensorFlow's If/While bodies as scf.if/scf.while";
  let description = [{
    A `kiln.opaque` If, StatelessIf, While or StatelessWhile whose branch,
    condition and body functions are plain (no resource or control
    arguments, no control outputs, no control edges on the node) and whose
    predicate is a bool scalar becomes an `scf.if` (on `tensor.extract` of
    the predicate) or `scf.while` over the node's operands, the functions'
    bodies cloned into its regions and their types refined from the
    operands (`tensor.cast` where a yielded type is less precise). Nodes
    cloned from a body convert in the next round, with the types the
    caller's operands give them, so nested control flow becomes nested scf
    (up to 64 rounds: recursion through If is left alone). The library
    functions (`kiln.function_def`) that no node left can reach are erased. The kernel generator then compiles
    loops whose bodies it can lower (kiln-form-control-flow-kernels); what
    it cannot stays for the host (the Session's ControlFlowRunner).
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect", "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def CheckSupportedOpsPass : Pass<"kiln-check-supported-ops", "mlir::ModuleOp"> {
  let summary = "Reject ops the compiler cannot compile, naming their nodes";
  let description = [{
    The importer keeps TensorFlow ops Kiln does not know as `kiln.opaque` so
    that any graph can be shown and exported; compiling is where they stop.
    Reports every such op at its node's location and fails; so it does for
    an scf.while or scf.if outside a kiln.fusion (control flow no kernel
    could take, which the Session runs on the host instead).
  }];
}

//===----------------------------------------------------------------------===//
// Plan
//===----------------------------------------------------------------------===//

def AnnotateFusionsPass : Pass<"kiln-annotate-fusions", "mlir::func::FuncOp"> {
  let summary = "Record what the executor needs to run each fusion's kernel";
  let description = [{
    For each kiln.fusion, tracks its dims symbolically through the body and
    sets `kiln.result_dims` (per result, each dim a constant >= 0 or
    -1 - (64 * argument + dim)), `kiln.dim_equalities` (flat quadruples
    arg_a, dim_a, arg_b, dim_b of `?` dims the kernel assumes equal;
    arg_b = -1 compares with the constant dim_b) and, when every op keeps
    rows independent, `kiln.split` (per argument and result: sliced along
    dim 0 to run on several threads).
  }];
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def DecomposeCompositeOpsPass : Pass<"kiln-decompose-composites",
                                     "mlir::func::FuncOp"> {
  let summary = "Rewrite softmax and cross-entropy as primitive ops";
  let description = [{
    Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits and
    SparseSoftmaxCrossEntropyWithLogits (f32/f64) become reductions and
    elementwise ops, with TensorFlow's numerically stable formulas:
    m = Max(x, -1, keep_dims), e = Exp(x - m), s = Sum(e, -1, keep_dims),
    softmax = e / s, logsoftmax = (x - m) - Log(s),
    loss = -Sum(labels * logsoftmax, -1), backprop = softmax - labels; sparse
    labels become a OneHot over the (static) class dim. kiln-form-fusions
    then clusters the primitives into one kernel. Each new op is named after
    the original node ("loss/Softmax/max"). Ops with control edges stay, as
    do sparse losses whose class dim is unknown.

    Sparse losses are decomposed only with `unchecked-sparse-labels`:
    TensorFlow's CPU kernel rejects a label outside [0, classes), which a
    generated kernel cannot report, so by default the op stays and runs on
    the runtime's kernel, which checks. Decomposed, a bad label gives NaN
    for its row's loss and backprop, as TensorFlow's GPU kernel does (the
    GPU target decomposes them).
  }];
  let options = [
    Option<"uncheckedSparseLabels", "unchecked-sparse-labels", "bool",
           "false", "Also decompose SparseSoftmaxCrossEntropyWithLogits">,
  ];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

def FuseMatMulBiasActivationPass : Pass<"kiln-fuse-matmul-bias-activation",
                                        "mlir::func::FuncOp"> {
  let summary = "Fold bias and activation into f32 matmuls and convolutions";
  let description = [{
    Every f32 kiln.MatMul and kiln.BatchMatMulV2 without control edges
    becomes kiln.fused_matmul, absorbing a following BiasAdd (NHWC) or an
    AddV2 of a 1-D tensor over the product's last dim, then a following
    Relu, Elu, Selu, Tanh or Sigmoid, when each absorbed intermediate has
    one use and no control edges: one oneDNN call with post-ops. The fused
    op's location fuses the absorbed nodes' locations. Every such f32
    kiln.Conv2D likewise becomes kiln.fused_conv2d (its attrs kept in
    `conv`), absorbing a BiasAdd in its own data format (or, NHWC, an AddV2
    over the last dim) and then one of those activations.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

def FormFusionsPass : Pass<"kiln-form-fusions", "mlir::func::FuncOp"> {
  let summary = "Cluster fusible ops into kiln.fusion regions";
  let description = [{
    Greedy in program order: each op the kernel generator handles
    (compiler/Analysis/FusibleOps.h) joins its fusible producers' clusters
    unless that would make a cluster both feed and depend on an outside op
    or another cluster (a cycle). Each cluster becomes a kiln.fusion whose operands are the
    values it reads, with the constants it needs (shape-like operands and
    small tensors) cloned inside, and whose results are the values used
    outside. Afterwards no fusible op remains outside a kiln.fusion.
  }];
  let options = [
    Option<"singletons", "singletons", "bool", "false",
           "Give each fusible op its own kiln.fusion (unfused baseline)">,
  ];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

def FormControlFlowKernelsPass : Pass<"kiln-form-control-flow-kernels",
                                      "mlir::func::FuncOp"> {
  let summary = "Make each compilable scf.if/scf.while one kiln.fusion";
  let description = [{
    A top-level scf.while or scf.if (with the tensor.extract of its
    predicate) whose regions hold only ops the kernel generator lowers
    (compiler/Analysis/FusibleOps.h, kiln.Const, nested scf, tensor.extract
    and tensor.cast) and whose tensors have static shapes or shapes the loop
    provably keeps (each `?` dim of a result is a dim of an operand) becomes
    a kiln.fusion: the whole loop is one generated kernel, its trips running
    in machine code. Values the regions read from outside become operands,
    constants are cloned in. What stays outside a fusion the compiler then
    rejects as host control flow.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def OutlineFusionsPass : Pass<"kiln-outline-fusions", "mlir::ModuleOp"> {
  let summary = "Move each kiln.fusion into a kernel function";
  let description = [{
    Each kiln.fusion becomes `func.func @fusion_<N>` (tensor arguments are
    its operands, results its yields) in the nested module `@kiln_kernels`
    (created at the end of the module if missing) and is replaced by
    `kiln.launch @kiln_kernels::@fusion_<N>`, which keeps the fusion's
    discardable attributes (`kiln.result_dims`, `kiln.split`, ...).
    Arguments and results that `kiln.split` marks get a `?` dim 0 in the
    kernel's signature (tensor.cast to the body's static types), so the
    executor can run the kernel on slices of rows.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect",
                           "::mlir::tensor::TensorDialect"];
}

def LowerKernelsToLinalgPass : Pass<"kiln-lower-kernels-to-linalg",
                                    "mlir::func::FuncOp"> {
  let summary = "Lower a kernel function's kiln ops to linalg on tensors";
  let description = [{
    Runs on the kernel functions of `@kiln_kernels`: every op
    classifyFusible accepts becomes linalg.generic ops with arith/math
    bodies (NumPy broadcasting through indexing maps; a `?` against a `?`
    is assumed equal, which the executor checks), with the reference
    kernels' semantics (runtime/reference). ui8 is stored as signless i8
    and computed with unsigned ops. Then the function is made
    destination-passing: each result becomes a trailing memref argument it
    writes in place, and it returns nothing; it is marked
    `llvm.emit_c_interface`.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect",
  ];
}

def FuseKernelGenericsPass : Pass<"kiln-fuse-kernel-generics",
                                  "mlir::func::FuncOp"> {
  let summary = "Fuse a kernel's elementwise linalg.generic ops";
  let description = [{
    linalg's elementwise fusion, also fusing a cheap elementwise producer
    into each of several consumers (recomputing it), so that a softmax's
    exp feeds both its sum and its division without a temporary.
  }];
}

def ApproximateMathPass : Pass<"kiln-approximate-math", "mlir::ModuleOp"> {
  let summary = "Replace f32 transcendental math ops by polynomials";
  let description = [{
    MLIR's polynomial approximations of tanh, exp, expm1, log, log1p, ...
    (f32), so that loops calling them vectorize instead of calling libm.
    f64 expm1, log1p and tanh become libm calls (the LLVM lowering would
    compute expm1 as exp(x) - 1, losing the small values); the other math
    ops are left for their LLVM intrinsics.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def MapKernelsToGpuPass : Pass<"kiln-map-kernels-to-gpu",
                               "mlir::func::FuncOp"> {
  let summary = "Turn a kiln.gpu kernel's loop nests into GPU launches";
  let description = [{
    For kernels marked `kiln.gpu` (bufferized, their linalg ops lowered to
    scf.parallel nests): each top-level loop nest becomes one gpu.launch,
    its parallel dims collapsed into one and tiled by `block-size` (blocks
    over the tiles, threads within one, a guard for the last), reductions
    staying sequential loops inside a thread (a long one split first into
    three parallel stages, see kiln-split-long-reductions); serial work left
    at the top
    level (a scalar reduction) runs as a one-thread launch. The kernel's
    temporaries become device allocations (gpu.alloc) and its copies
    device copies, so the function itself only launches: it is host code
    that the executor calls with device buffers.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", "256",
           "Threads per block">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def SplitLongReductionsPass
    : Pass<"kiln-split-long-reductions", "::mlir::func::FuncOp"> {
  let summary = "Split long reductions into three parallel stages";
  let description = [{
    What kiln-map-kernels-to-gpu does to a kiln.gpu kernel's long
    reductions, on any kernel (bufferized linalg ops): a reduction whose
    reduced extent is dynamic or above `min-extent` becomes a nest of
    partial combinations over chunks and a nest combining them into the
    output (SplitGpuReductions.h). On the CPU (CompileOptions'
    split_reductions) it lets the host check the GPU's reduction structure
    numerically.
  }];
  let options = [
    Option<"minExtent", "min-extent", "int64_t", "128",
           "Reductions over at most this many elements stay as they are">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // KILN_COMPILER_PASSES_TD
