//===- KilnCompilerOps.td - Kiln-only ops of the compiler --*- tablegen -*-===//
//
// Ops the compiler's fusion and lowering passes create. They are not
// TensorFlow ops: they never appear in an exported GraphDef, carry no
// control tokens (the passes only rewrite ops without control edges), and
// their mnemonics are lower case to set them apart from TensorFlow's names.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_OPS_TD
#define KILN_COMPILER_OPS_TD

include "mlir/IR/SymbolInterfaces.td"

def Kiln_FusedMatMulOp : Kiln_Op<"fused_matmul",
    [Pure]> {
  let summary = "MatMul or BatchMatMulV2 with bias and activation";
  let description = [{
    One oneDNN matmul with post-ops: `y = act(op(a) x op(b) + bias)`.
    `batched` selects BatchMatMulV2's semantics (leading dims broadcast;
    `transpose_a`/`transpose_b` are its adj_x/adj_y). `bias` is 1-D over the
    last dim of the product. `activation` is "", "Relu", "Elu", "Selu",
    "Tanh" or "Sigmoid".

    ```mlir
    %y = kiln.fused_matmul %x, %w, %b {activation = "Relu"}
        : (tensor<?x784xf32>, tensor<784x300xf32>, tensor<300xf32>)
        -> tensor<?x300xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$a, AnyTensor:$b, Optional<AnyTensor>:$bias,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b,
                       DefaultValuedAttr<BoolAttr, "false">:$batched,
                       DefaultValuedAttr<StrAttr, "\"\"">:$activation);
  let results = (outs AnyTensor:$y);
  let assemblyFormat = [{
    $a `,` $b (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_FusedConv2DOp : Kiln_Op<"fused_conv2d",
    [Pure]> {
  let summary = "Conv2D with bias and activation";
  let description = [{
    One oneDNN convolution with post-ops: `y = act(conv2d(x, filter) +
    bias)`. `conv` holds the Conv2D's TensorFlow attrs (strides, padding,
    explicit_paddings, data_format, dilations) as they were. `bias` is 1-D
    over the output channels. `activation` is "", "Relu", "Elu", "Selu",
    "Tanh" or "Sigmoid".

    ```mlir
    %y = kiln.fused_conv2d %x, %w, %b {activation = "Relu",
        conv = {padding = "VALID", strides = [1, 1, 1, 1]}}
        : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>)
        -> tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$filter,
                       Optional<AnyTensor>:$bias,
                       DictionaryAttr:$conv,
                       DefaultValuedAttr<StrAttr, "\"\"">:$activation);
  let results = (outs AnyTensor:$y);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_FusionOp : Kiln_Op<"fusion",
    [IsolatedFromAbove, RecursiveMemoryEffects,
     SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a cluster of elementwise, broadcast and reduction ops";
  let description = [{
    The ops of the region become one generated kernel (one loop nest where
    linalg's fusion allows). The block's arguments are the operands; the
    yielded values are the results. Small constants the members use are
    cloned into the region.

    ```mlir
    %r = kiln.fusion(%x, %b) : (tensor<?x10xf32>, tensor<10xf32>)
        -> tensor<?x10xf32> {
    ^bb0(%a: tensor<?x10xf32>, %c: tensor<10xf32>):
      %s:2 = "kiln.AddV2"(%a, %c) : (tensor<?x10xf32>, tensor<10xf32>)
          -> (tensor<?x10xf32>, !kiln.control)
      %t:2 = "kiln.Tanh"(%s#0) : (tensor<?x10xf32>)
          -> (tensor<?x10xf32>, !kiln.control)
      kiln.yield %t#0 : tensor<?x10xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs);
  let results = (outs Variadic<AnyTensor>:$outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, results) $body
  }];
  let hasVerifier = 1;
}

def Kiln_YieldOp : Kiln_Op<"yield",
    [Pure, Terminator, HasParent<"FusionOp">]> {
  let summary = "the results of a kiln.fusion";
  let arguments = (ins Variadic<AnyTensor>:$values);
  let assemblyFormat = [{ ($values^ `:` type($values))? attr-dict }];
  let builders = [OpBuilder<(ins), [{ /* empty yield */ }]>];
}

def Kiln_LaunchOp : Kiln_Op<"launch",
    [Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "runs a generated kernel";
  let description = [{
    After outlining, each kiln.fusion is a function of the nested module
    `@kiln_kernels` and a kiln.launch of it in the graph function. The
    kernel takes its inputs and then its outputs as buffers; the executor
    calls its packed entry point. `result_dims`, `split` and
    `dim_equalities` (set by kiln-annotate-fusions, kept by outlining) tell
    the executor the results' shapes and how to split the work over threads.

    ```mlir
    %r = kiln.launch @kiln_kernels::@fusion_0(%x, %b)
        : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins SymbolRefAttr:$kernel, Variadic<AnyTensor>:$inputs);
  let results = (outs Variadic<AnyTensor>:$outputs);
  let assemblyFormat = [{
    $kernel `(` $inputs `)` attr-dict `:` functional-type($inputs, results)
  }];
}

#endif // KILN_COMPILER_OPS_TD
